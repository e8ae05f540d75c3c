from . import segment_export
