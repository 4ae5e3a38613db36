from . import md_compliance_override
from . import md_document_revoke
