"""Every write on personnel records, by area: people (employees, agreements, dossier), org
(departments and posts), accounts (logins). Transactional, locked, permission-checked, with
history."""
