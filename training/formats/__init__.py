"""A synthetic report as one structured model (`report`) and its renderings as text, PDF, HTML, DOCX and scans
(`render`): used by the format tests and by `nianbao bench --formats`."""
