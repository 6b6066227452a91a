"""Importing lists from Excel (issue 17): one mechanism (`sheet`: specs, reading, checking;
`template`: the workbook to fill in) and personnel's kinds — `employees`, matched on 工号,
and `org`, departments with their posts. Candidates register their own kind in
onboarding.imports with the same mechanism and `lookups`."""
