package org.pyros.ros.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros.xmlrpc.XmlRpcCall;
import org.pyros.ros.xmlrpc.XmlRpcFaultException;
import org.pyros.ros.xmlrpc.XmlRpcFormatException;
import org.pyros.ros.xmlrpc.XmlRpcLimits;
import org.pyros.ros.xmlrpc.XmlRpcReader;
import org.pyros.ros.xmlrpc.XmlRpcWriter;

/**
 * Fuzzes the XML-RPC reader (what every XML-RPC server and client of ours parses from the
 * network). Any input either decodes, or is refused with {@link XmlRpcFormatException} (a fault
 * response with {@link XmlRpcFaultException}); anything else (another exception, a stack
 * overflow, an out-of-memory, a hang) is a finding. A decoded call must survive a round trip
 * through our writer.
 */
class XmlRpcReaderFuzzTest {
  private static final FuzzTally tally = new FuzzTally("xmlrpc-reader");
  // Small limits so the fuzzer reaches them quickly.
  private static final XmlRpcReader reader = new XmlRpcReader(new XmlRpcLimits(64 * 1024, 16));

  @DictionaryEntries({"<methodCall>", "</methodCall>", "<methodName>", "</methodName>", "<params>", "</params>",
      "<param>", "</param>", "<value>", "</value>", "<array><data>", "</data></array>", "<struct>", "</struct>",
      "<member><name>", "</name>", "</member>", "<i4>", "</i4>", "<i8>", "<int>", "<boolean>", "<double>",
      "<string>", "</string>", "<base64>", "<dateTime.iso8601>", "<nil/>", "<methodResponse>", "<fault>",
      "<![CDATA[", "]]>", "&amp;", "&#", "<!DOCTYPE", "<!ENTITY", "<?xml version=\"1.0\"?>"})
  @FuzzTest(maxDuration = "8s")
  void readCallAndResponse(byte[] xml) {
    tally.input();
    int refusals = 0;
    try {
      XmlRpcCall call = reader.readCall(xml);
      byte[] written;
      try {
        written = XmlRpcWriter.call(call.method(), call.params());
      } catch (XmlRpcFormatException e) {
        written = null; // nil is read but never written: not a round-trip failure
      }
      if (written != null) {
        XmlRpcCall again = reader.readCall(written);
        assertEquals(call.method(), again.method());
        assertEquals(call.params().size(), again.params().size());
      }
    } catch (XmlRpcFormatException e) {
      refusals++;
    }
    try {
      reader.readResponse(xml);
    } catch (XmlRpcFaultException | XmlRpcFormatException e) {
      refusals++;
    }
    if (refusals == 2) { // neither a call nor a response
      tally.refused();
    }
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
