"""Benchmarks: named figures measured in-process, printed by `make bench`.

Every benchmark lives here, one module per area (`basics`, `course_pages`, `quizzes`,
`practice`, `certificates`), and builds its data with the test factories (tests/factories),
so a benchmark's course, trainee or question looks like the ones the tests use. A benchmark
is a function decorated with `registry.benchmark` that returns a dict of named figures
(milliseconds as *_ms, counts as *_queries); `python -m tests.benchmarks` runs them all
inside one transaction that it rolls back. To add an area, add its module to
`registry.AREAS`. The benchmarks are not tests: pytest collects none of these modules.
"""
