package org.pyros.ros2.msg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ros2NamesTest {

  @Test
  void typesMapToDdsNamesAndBack() {
    assertEquals("std_msgs::msg::dds_::String_", Ros2Names.ddsTypeName("std_msgs/msg/String"));
    assertEquals("std_msgs::msg::dds_::String_", Ros2Names.ddsTypeName("std_msgs/String"));
    assertEquals("std_msgs/msg/String", Ros2Names.rosTypeName("std_msgs::msg::dds_::String_"));
    assertEquals("example_interfaces::srv::dds_::AddTwoInts_Request_",
        Ros2Names.ddsRequestTypeName("example_interfaces/srv/AddTwoInts"));
    assertEquals("example_interfaces::srv::dds_::AddTwoInts_Response_",
        Ros2Names.ddsResponseTypeName("example_interfaces/AddTwoInts"));
    assertEquals("example_interfaces/srv/AddTwoInts_Request",
        Ros2Names.rosTypeName("example_interfaces::srv::dds_::AddTwoInts_Request_"));
    assertEquals("example_interfaces::srv::dds_::AddTwoInts_Request_",
        Ros2Names.ddsTypeName("example_interfaces/srv/AddTwoInts_Request"));
    for (String bad : List.of("String_", "std_msgs::msg::String_", "std_msgs::msg::dds_::String", "a::b::dds_::T_")) {
      assertThrows(IllegalArgumentException.class, () -> Ros2Names.rosTypeName(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> Ros2Names.ddsTypeName("String"));
    assertThrows(IllegalArgumentException.class, () -> Ros2Names.ddsTypeName("Std/String"));
  }

  @Test
  void topicsAndServicesMapToDdsTopicsAndBack() {
    assertEquals("rt/chatter", Ros2Names.ddsTopic("/chatter"));
    assertEquals("rt/a/b", Ros2Names.ddsTopic("/a/b"));
    assertEquals("/a/b", Ros2Names.rosTopic("rt/a/b"));
    assertEquals("rq/add_two_intsRequest", Ros2Names.requestTopic("/add_two_ints"));
    assertEquals("rr/add_two_intsReply", Ros2Names.replyTopic("/add_two_ints"));
    assertEquals("/ns/add", Ros2Names.rosService("rq/ns/addRequest"));
    assertEquals("/ns/add", Ros2Names.rosService("rr/ns/addReply"));
    assertNull(Ros2Names.rosTopic("ros_discovery_info"));
    assertNull(Ros2Names.rosTopic("rq/addRequest"));
    assertNull(Ros2Names.rosService("rt/chatter"));
  }

  @Test
  void invalidTopicNamesAreRefusedSayingWhy() {
    record Case(String name, String why) {}
    for (Case c : List.of(new Case("", "empty"), new Case("chatter", "fully qualified"), new Case("/", "alone"),
        new Case("/a/", "end with"), new Case("/a//b", "//"), new Case("/a b", "' '"), new Case("/1a", "digit"),
        new Case("/a/2b", "digit"), new Case("/~/x", "'~'"), new Case("/a-b", "'-'"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ros2Names.ddsTopic(c.name()));
      assertTrue(e.getMessage().contains("not a valid ROS 2 topic name") && e.getMessage().contains(c.why()),
          c.name() + ": " + e.getMessage());
    }
    assertNull(Ros2Names.topicNameProblem("/_hidden/a_1/B2"));
  }
}
