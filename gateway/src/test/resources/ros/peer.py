# The rospy side of the roslibjs interop test: a talker, a service, an echo of what the browser
# publishes, and a caller of the service the browser provides. Prints "ready" once all is up.
import threading
import rospy
from std_msgs.msg import String
from std_srvs.srv import SetBool, SetBoolResponse

rospy.init_node("gateway_peer")
echo = rospy.Publisher("/echo", String, queue_size=10)
talker = rospy.Publisher("/chatter", String, queue_size=10)


def set_flag(req):
    return SetBoolResponse(success=req.data, message="flag is %s" % req.data)


rospy.Service("/set_flag", SetBool, set_flag)
rospy.Subscriber("/from_browser", String, lambda m: echo.publish(String(data="echo: " + m.data)))


def call_browser():
    rospy.wait_for_service("/browser_flag")
    answer = rospy.ServiceProxy("/browser_flag", SetBool)(True)
    print("browser answered %s %s" % (answer.success, answer.message), flush=True)
    # The browser listens on /echo; it may subscribe only now, so say it until the node stops.
    rate = rospy.Rate(10)
    while not rospy.is_shutdown():
        echo.publish(String(data="browser said: " + answer.message))
        rate.sleep()


threading.Thread(target=call_browser, daemon=True).start()
print("ready", flush=True)
rate = rospy.Rate(20)
n = 0
while not rospy.is_shutdown():
    talker.publish(String(data="hello %d" % n))
    n += 1
    rate.sleep()
