"""What a user sees of personnel's records in the change history (audit.changes): the
history of the people they may see, as on the people's own pages."""

from audit.changes import HistoryScope, history_scope_register

from .models import Agreement, DossierEntry, Employee
from .selectors import visible_employees

history_scope_register(Employee, HistoryScope(visible=visible_employees))
for model in (Agreement, DossierEntry):
    history_scope_register(model, HistoryScope(visible=visible_employees, path="employee_id"))
