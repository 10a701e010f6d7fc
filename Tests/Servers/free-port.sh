#!/usr/bin/env bash
# free-port.sh - print a TCP port that is free on 127.0.0.1.
#
# Asks the kernel for an ephemeral port (bind to 127.0.0.1:0), then closes the
# socket; the port stays free unless another process grabs it in between
# (the start scripts refuse a busy port, so a race shows as a clear error).
set -euo pipefail
exec python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
'
