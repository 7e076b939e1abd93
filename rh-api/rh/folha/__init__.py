"""The payroll calculation (folha de pagamento), pure: effective-dated tables as data
(rh/folha/tabelas/*.json), INSS and IRRF band by band in Decimal, the month's payslip, 13º and
férias, every figure with its calculation memo. It knows no database; rh/routes use it."""
