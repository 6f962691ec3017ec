"""The bottom layer: database, clock, errors, settings, paging, the job model and the
private-file and spreadsheet helpers every package above uses."""
