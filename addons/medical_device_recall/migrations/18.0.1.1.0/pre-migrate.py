def migrate(cr, version):
    """The trace index now carries the company (the trace counts one company's moves only): the new one is
    made by ``stock.move.line.init``; the old one would only slow down writes."""
    cr.execute("DROP INDEX IF EXISTS stock_move_line_md_trace_index")
