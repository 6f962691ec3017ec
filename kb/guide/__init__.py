"""The finding-to-law guide (问题定性与法规依据): common audit findings with the articles
that characterise them (定性依据) and the articles that set the consequence (处理处罚依据)."""
