# A rospy camera for the graph-page test: /camera/image, a small rgb8 picture whose left half is
# red and right half blue, so the page's canvas can be checked pixel by pixel. Prints "ready".
import rospy
from sensor_msgs.msg import Image

WIDTH, HEIGHT = 64, 48
rospy.init_node("gateway_camera")
camera = rospy.Publisher("/camera/image", Image, queue_size=2)
row = bytes([255, 0, 0]) * (WIDTH // 2) + bytes([0, 0, 255]) * (WIDTH - WIDTH // 2)
image = Image(height=HEIGHT, width=WIDTH, encoding="rgb8", is_bigendian=0, step=WIDTH * 3, data=row * HEIGHT)
image.header.frame_id = "camera"
print("ready", flush=True)
rate = rospy.Rate(5)
while not rospy.is_shutdown():
    image.header.stamp = rospy.Time.now()
    camera.publish(image)
    rate.sleep()
