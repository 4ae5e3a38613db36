from . import md_compliance_override
from . import md_document_revoke
from . import md_signature_wizard
from . import md_signature_correction
from . import md_signature_verification
from . import md_signature_verification_line
