# hung_pacemakerd.py CMD...: runs CMD beside a pacemakerd that accepts IPC connections and never
# answers (its abstract socket, so run it in a network namespace of its own: unshare --net), and
# exits with CMD's exit status.
import socket
import subprocess
import sys

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
name = b"\0pacemakerd"  # libqb's address: the service name, zero-padded to the whole sun_path
sock.bind(name + b"\0" * (108 - len(name)))
sock.listen(8)
sock.settimeout(0.2)
cmd = subprocess.Popen(sys.argv[1:])
held = []
while cmd.poll() is None:
    try:
        held.append(sock.accept()[0])
    except socket.timeout:
        pass
sys.exit(cmd.returncode)
