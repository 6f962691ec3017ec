"""Every table of the application, for migrations: the kb tables plus the quiz layer's."""
import kb.all_models  # noqa: F401
from quizzes import lease, models, push, schedule  # noqa: F401
from quizzes.law_pack import models as law_pack_models  # noqa: F401
from quizzes.notify import models as notify_models  # noqa: F401
from quizzes.case_contest import models as case_contest_models  # noqa: F401
from quizzes.training import models as training_models  # noqa: F401
