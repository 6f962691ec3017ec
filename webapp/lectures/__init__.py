"""法律讲座 and 学法记录 pages: lectures (record, materials, attendance) and each person's
record, with the managers' annual summary and its export."""
