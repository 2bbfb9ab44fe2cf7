"""Copy one demo patient's rows many times, fast, so a benchmark database has thousands of
patients. The original goes through the service layer (heelstrong.demo); copies are the same
rows under new ids, inserted in bulk."""

import uuid

from sqlalchemy import Engine, insert, select

from heelstrong.accounts.models import Profile, User
from heelstrong.checkins.models import CheckIn
from heelstrong.training.models import ExerciseSet, TrainingSession

BATCH = 5000


def _rows(connection, table, *where) -> list[dict]:
    return [dict(row._mapping) for row in connection.execute(select(table).where(*where))]


def clone_patients(engine: Engine, user_id: int, copies: int) -> None:
    with engine.begin() as connection:
        user = _rows(connection, User.__table__, User.id == user_id)[0]
        account = {key: value for key, value in user.items() if key != "id"}
        profile = _rows(connection, Profile.__table__, Profile.user_id == user_id)[0]
        checkins = _rows(connection, CheckIn.__table__, CheckIn.user_id == user_id)
        sessions = _rows(connection, TrainingSession.__table__, TrainingSession.user_id == user_id)
        sets = _rows(connection, ExerciseSet.__table__, ExerciseSet.user_id == user_id)

    for start in range(0, copies, 500):
        count = min(500, copies - start)
        with engine.begin() as connection:
            new_ids = (
                connection.execute(
                    insert(User.__table__).returning(User.__table__.c.id, sort_by_parameter_order=True),
                    [account | {"email": f"copy-{start + n:06d}-{user['email']}"} for n in range(count)],
                )
                .scalars()
                .all()
            )
            batches: dict = {
                Profile.__table__: [],
                CheckIn.__table__: [],
                TrainingSession.__table__: [],
                ExerciseSet.__table__: [],
            }
            for new_user in new_ids:
                batches[Profile.__table__].append(profile | {"user_id": new_user})
                batches[CheckIn.__table__] += [c | {"id": uuid.uuid4(), "user_id": new_user} for c in checkins]
                session_ids = {s["id"]: uuid.uuid4() for s in sessions}
                batches[TrainingSession.__table__] += [
                    s | {"id": session_ids[s["id"]], "user_id": new_user} for s in sessions
                ]
                batches[ExerciseSet.__table__] += [
                    s | {"id": uuid.uuid4(), "user_id": new_user, "session_id": session_ids[s["session_id"]]}
                    for s in sets
                ]
            for table, rows in batches.items():
                for offset in range(0, len(rows), BATCH):
                    connection.execute(insert(table), rows[offset : offset + BATCH])
    if engine.dialect.name == "postgresql":
        # Fresh statistics, as autovacuum would gather after a bulk load; without them the
        # planner takes the new tables for tiny ones and may scan millions of rows. VACUUM too,
        # or autovacuum would do it in the middle of the measurements.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
