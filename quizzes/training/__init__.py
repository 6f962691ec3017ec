"""学法记录: lectures (法律讲座, 科室讲堂) with their materials and attendance, each person's
record of the year, and the department and bureau summaries for the annual 法治政府建设
report."""
