"""The cohort progress dashboard for programme admins (issue 17): the certificate rules
evaluated for a whole cohort at once (`evaluate`), what the page does with them
(`dashboard`), the daily snapshot behind the chart (`snapshots`, `chart`) and the admin
pages (`views`, `forms`)."""
