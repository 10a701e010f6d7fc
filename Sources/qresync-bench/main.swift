// Benchmarks print figures; they never assert timings (speed goals live here, not in tests).
print("qresync-bench: no benchmarks yet")
