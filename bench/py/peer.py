"""rospy benchmark peer: the same commands and result lines as org.pyros.bench.JavaPeer.

  peer.py pub   TOPIC KIND MAX_SECONDS RATE_HZ(0 = flat out)
                KIND: str16 | str1k | img1m | stamp (Header, wall clock) | mono (String 'hello I t=NS',
                CLOCK_MONOTONIC, as the ROS 2 C peers stamp it)
  peer.py sub   TOPIC KIND WARMUP_S MEASURE_S
  peer.py first TOPIC KIND
  peer.py srv   SERVICE
  peer.py call  SERVICE WARMUP COUNT
  peer.py stall TOPIC READ_BYTES_PER_S   a raw TCPROS subscriber that reads slowly (never via rospy,
                                         which always drains the socket into its own queue)
Run with /usr/bin/python3.
"""
import math
import os
import socket
import struct
import sys
import threading
import time
import xmlrpc.client


def say(line):
    print(line, flush=True)


def pct(values, p):
    if not values:
        return -1
    s = sorted(values)
    rank = max(1, min(len(s), int(math.ceil(p / 100.0 * len(s)))))
    return s[rank - 1]


def message(kind, seq=0):
    import rospy
    from std_msgs.msg import String, Header
    from sensor_msgs.msg import Image
    if kind == 'str16':
        return String(data='x' * 16)
    if kind == 'str1k':
        return String(data='x' * 1024)
    if kind == 'img1m':
        return Image(height=1024, width=1024, encoding='mono8', step=1024, data=bytes(1024 * 1024))
    if kind == 'mono':
        # the ROS 2 C peers' stamped string: CLOCK_MONOTONIC nanoseconds, as they read it
        return String(data='hello %d t=%d' % (seq, time.monotonic_ns()))
    return Header(seq=seq, stamp=rospy.Time.now(), frame_id='bench')


def msg_class(kind):
    from std_msgs.msg import String, Header
    from sensor_msgs.msg import Image
    return {'str16': String, 'str1k': String, 'img1m': Image, 'stamp': Header, 'mono': String}[kind]


def init():
    import rospy
    rospy.init_node('bench_py', anonymous=True, disable_signals=False)
    return rospy


def pub(topic, kind, max_seconds, rate):
    rospy = init()
    p = rospy.Publisher(topic, msg_class(kind), queue_size=100)
    fixed = None if kind in ('stamp', 'mono') else message(kind)
    end = time.monotonic() + max_seconds
    period = 1.0 / rate if rate > 0 else 0
    nxt = time.monotonic()
    say('READY')
    seq = 0
    while not rospy.is_shutdown() and time.monotonic() < end:
        p.publish(fixed if fixed is not None else message(kind, seq))
        seq += 1
        if period:
            nxt += period
            wait = nxt - time.monotonic()
            if wait > 0:
                time.sleep(wait)


def sub(topic, kind, warm, measure):
    rospy = init()
    state = {'count': 0, 'measuring': False}
    lat = []

    def cb(m):
        state['count'] += 1
        if kind == 'stamp' and state['measuring']:
            lat.append((time.time_ns() - m.stamp.to_nsec()) // 1000)
        elif kind == 'mono' and state['measuring']:
            lat.append((time.monotonic_ns() - int(m.data.rsplit('t=', 1)[1])) // 1000)

    rospy.Subscriber(topic, msg_class(kind), cb, queue_size=100, tcp_nodelay=(kind in ('stamp', 'mono')))
    say('READY')
    give_up = time.monotonic() + 60
    while state['count'] == 0:
        if time.monotonic() > give_up:
            say('ERROR no message within 60 s')
            return 1
        time.sleep(0.005)
    time.sleep(warm)
    c0, t0 = state['count'], time.monotonic()
    state['measuring'] = True
    time.sleep(measure)
    state['measuring'] = False
    c1, secs = state['count'], time.monotonic() - t0
    say('RESULT msgs=%d secs=%.3f rate=%.1f p50=%d p99=%d samples=%d'
        % (c1 - c0, secs, (c1 - c0) / secs, pct(lat, 50), pct(lat, 99), len(lat)))
    return 0


def first(topic, kind):
    rospy = init()
    got = threading.Event()
    rospy.Subscriber(topic, msg_class(kind), lambda m: got.set(), queue_size=100)
    if not got.wait(60):
        say('ERROR no message within 60 s')
        return 1
    say('FIRST')
    return 0


def srv(name):
    rospy = init()
    from std_srvs.srv import SetBool, SetBoolResponse
    rospy.Service(name, SetBool, lambda req: SetBoolResponse(success=True, message='ok'))
    say('READY')
    rospy.spin()
    return 0


def call(name, warmup, count):
    rospy = init()
    from std_srvs.srv import SetBool
    rospy.wait_for_service(name, timeout=60)
    proxy = rospy.ServiceProxy(name, SetBool)
    for _ in range(warmup):
        proxy(True)
    rtt = []
    t0 = time.monotonic()
    for _ in range(count):
        a = time.monotonic()
        if not proxy(True).success:
            say('ERROR call failed')
            return 1
        rtt.append(int((time.monotonic() - a) * 1e6))
    secs = time.monotonic() - t0
    say('RESULT calls=%d secs=%.3f rate=%.1f p50=%d p99=%d' % (count, secs, count / secs, pct(rtt, 50), pct(rtt, 99)))
    return 0


def stall(topic, bytes_per_s):
    """Connects to the topic's publisher with TCPROS and reads slowly, so its socket backs up."""
    master = xmlrpc.client.ServerProxy(os.environ['ROS_MASTER_URI'])
    caller = '/bench_stall_%d' % os.getpid()
    give_up = time.monotonic() + 60
    while True:
        _, _, state = master.getSystemState(caller)
        nodes = [n for t, ns in state[0] if t == topic for n in ns]
        if nodes:
            break
        if time.monotonic() > give_up:
            say('ERROR no publisher of %s' % topic)
            return 1
        time.sleep(0.1)
    _, _, uri = master.lookupNode(caller, nodes[0])
    _, _, proto = xmlrpc.client.ServerProxy(uri).requestTopic(caller, topic, [['TCPROS']])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((proto[1], proto[2]))
    fields = [b'callerid=' + caller.encode(), b'topic=' + topic.encode(), b'md5sum=*', b'type=*']
    body = b''.join(struct.pack('<I', len(f)) + f for f in fields)
    s.sendall(struct.pack('<I', len(body)) + body)
    say('READY')
    chunk = max(1, int(bytes_per_s / 10))
    while True:
        if not s.recv(chunk):
            return 0
        time.sleep(0.1)


def main(argv):
    cmd = argv[1]
    if cmd == 'pub':
        return pub(argv[2], argv[3], float(argv[4]), float(argv[5]))
    if cmd == 'sub':
        return sub(argv[2], argv[3], float(argv[4]), float(argv[5]))
    if cmd == 'first':
        return first(argv[2], argv[3])
    if cmd == 'srv':
        return srv(argv[2])
    if cmd == 'call':
        return call(argv[2], int(argv[3]), int(argv[4]))
    if cmd == 'stall':
        return stall(argv[2], float(argv[3]))
    sys.stderr.write('unknown command %s\n' % cmd)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv) or 0)
