package org.pyros.ros.xmlrpc;

import java.io.ByteArrayInputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes XML-RPC documents with a hardened StAX parser: DTDs, entity declarations and entity
 * references are refused (so XXE and "billion laughs" fail instead of expanding), and size and
 * nesting depth are bounded by {@link XmlRpcLimits}.
 *
 * <p>Mapping: {@code i4/int/i8} give an {@code Integer}, or a {@code Long} when out of 32-bit
 * range; {@code boolean} a {@code Boolean}; {@code string} and an untyped {@code
 * <value>text</value>} (roscpp sends it) a {@code String}; {@code double} a {@code Double};
 * {@code base64} a {@code byte[]}; {@code array} an {@code ArrayList}; {@code struct} a {@code
 * LinkedHashMap} in document order; {@code dateTime.iso8601} ({@code yyyyMMddTHH:mm:ss}) a
 * {@code LocalDateTime}; {@code nil} gives {@code null} (accepted, never sent).
 */
public final class XmlRpcReader {
  private static final DateTimeFormatter ISO8601_BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

  private final XmlRpcLimits limits;

  public XmlRpcReader(XmlRpcLimits limits) {
    this.limits = limits;
  }

  public XmlRpcReader() {
    this(XmlRpcLimits.DEFAULT);
  }

  /** Decodes a {@code <methodCall>}. */
  public XmlRpcCall readCall(byte[] xml) {
    Parse p = open(xml);
    try {
      p.root("methodCall");
      String method = null;
      List<Object> params = new ArrayList<>();
      while (p.nextTag() == XMLStreamConstants.START_ELEMENT) {
        String name = p.r.getLocalName();
        if (name.equals("methodName")) {
          method = p.text().trim();
        } else if (name.equals("params")) {
          params = p.params();
        } else {
          throw new XmlRpcFormatException("unexpected <" + name + "> in <methodCall>");
        }
      }
      if (method == null || method.isEmpty()) {
        throw new XmlRpcFormatException("<methodCall> has no <methodName>");
      }
      p.end();
      return new XmlRpcCall(method, params);
    } catch (XMLStreamException e) {
      throw malformed(e);
    } catch (XmlRpcException e) {
      throw e;
    } catch (RuntimeException e) {
      throw parserFailed(e);
    } finally {
      p.close();
    }
  }

  /**
   * Decodes a {@code <methodResponse>}: returns its value, or throws {@link
   * XmlRpcFaultException} for a fault.
   */
  public Object readResponse(byte[] xml) {
    Parse p = open(xml);
    try {
      p.root("methodResponse");
      if (p.nextTag() != XMLStreamConstants.START_ELEMENT) {
        throw new XmlRpcFormatException("empty <methodResponse>");
      }
      String name = p.r.getLocalName();
      if (name.equals("params")) {
        List<Object> params = p.params();
        if (params.size() != 1) {
          throw new XmlRpcFormatException("<methodResponse> has " + params.size() + " params, not 1");
        }
        p.expectEnd("methodResponse");
        p.end();
        return params.get(0);
      }
      if (!name.equals("fault")) {
        throw new XmlRpcFormatException("unexpected <" + name + "> in <methodResponse>");
      }
      p.expectStart("value");
      Object fault = p.value(1);
      p.expectEnd("fault");
      p.expectEnd("methodResponse");
      p.end();
      throw toFault(fault);
    } catch (XMLStreamException e) {
      throw malformed(e);
    } catch (XmlRpcException e) {
      throw e;
    } catch (RuntimeException e) {
      throw parserFailed(e);
    } finally {
      p.close();
    }
  }

  private static XmlRpcFaultException toFault(Object fault) {
    if (fault instanceof Map<?, ?> m
        && m.get("faultCode") instanceof Integer code
        && m.get("faultString") != null) {
      return new XmlRpcFaultException(code, String.valueOf(m.get("faultString")));
    }
    throw new XmlRpcFormatException("<fault> is not a struct of faultCode and faultString: " + fault);
  }

  private static XmlRpcFormatException malformed(XMLStreamException e) {
    return new XmlRpcFormatException("malformed XML: " + e.getMessage(), e);
  }

  /**
   * The JDK's StAX parser sometimes fails on bad input with an unchecked exception instead of an
   * {@link XMLStreamException} (found by fuzzing: an invalid character in a skipped DTD throws
   * {@code MissingResourceException: InvalidCharInDTD}); it is bad input all the same.
   */
  private static XmlRpcFormatException parserFailed(RuntimeException e) {
    return new XmlRpcFormatException("malformed XML: the parser failed with " + e, e);
  }

  private Parse open(byte[] xml) {
    if (xml.length > limits.maxBytes()) {
      throw new XmlRpcFormatException(
          "XML-RPC document of " + xml.length + " bytes exceeds the limit of " + limits.maxBytes());
    }
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    try {
      return new Parse(factory.createXMLStreamReader(new ByteArrayInputStream(xml)));
    } catch (XMLStreamException e) {
      throw malformed(e);
    } catch (RuntimeException e) {
      throw parserFailed(e);
    }
  }

  /** One pass over a document; every event goes through {@link #next()}, which refuses DTDs. */
  private final class Parse {
    final XMLStreamReader r;

    Parse(XMLStreamReader r) {
      this.r = r;
    }

    int next() throws XMLStreamException {
      if (!r.hasNext()) {
        throw new XmlRpcFormatException("document ends too early");
      }
      int event = r.next();
      if (event == XMLStreamConstants.DTD) {
        throw new XmlRpcFormatException("DTDs (<!DOCTYPE>) are not allowed in XML-RPC");
      }
      if (event == XMLStreamConstants.ENTITY_REFERENCE
          || event == XMLStreamConstants.ENTITY_DECLARATION) {
        throw new XmlRpcFormatException("entity references are not allowed in XML-RPC");
      }
      return event;
    }

    /** Next start or end tag, skipping whitespace, comments and processing instructions. */
    int nextTag() throws XMLStreamException {
      while (true) {
        int event = next();
        if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT) {
          return event;
        }
        if (isText(event) && !r.isWhiteSpace()) {
          throw new XmlRpcFormatException("unexpected text '" + clip(r.getText()) + "'");
        }
        if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new XmlRpcFormatException("document ends too early");
        }
      }
    }

    void root(String name) throws XMLStreamException {
      while (true) {
        int event = next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          if (!r.getLocalName().equals(name)) {
            throw new XmlRpcFormatException("expected <" + name + ">, got <" + r.getLocalName() + ">");
          }
          return;
        }
        if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new XmlRpcFormatException("empty document");
        }
      }
    }

    void expectStart(String name) throws XMLStreamException {
      if (nextTag() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals(name)) {
        throw new XmlRpcFormatException("expected <" + name + "> at " + where());
      }
    }

    void expectEnd(String name) throws XMLStreamException {
      if (nextTag() != XMLStreamConstants.END_ELEMENT || !r.getLocalName().equals(name)) {
        throw new XmlRpcFormatException("expected </" + name + "> at " + where());
      }
    }

    /** After the root element: only whitespace, comments or PIs may follow. */
    void end() throws XMLStreamException {
      while (r.hasNext()) {
        int event = next();
        if (event == XMLStreamConstants.START_ELEMENT || isText(event) && !r.isWhiteSpace()) {
          throw new XmlRpcFormatException("content after the root element");
        }
      }
    }

    /** Positioned on {@code <params>}: reads its {@code <param><value>} children. */
    List<Object> params() throws XMLStreamException {
      List<Object> params = new ArrayList<>();
      while (nextTag() == XMLStreamConstants.START_ELEMENT) {
        if (!r.getLocalName().equals("param")) {
          throw new XmlRpcFormatException("unexpected <" + r.getLocalName() + "> in <params>");
        }
        expectStart("value");
        params.add(value(1));
        expectEnd("param");
      }
      return params;
    }

    /** Positioned on {@code <value>}: reads it up to and including {@code </value>}. */
    Object value(int depth) throws XMLStreamException {
      if (depth > limits.maxDepth()) {
        throw new XmlRpcFormatException("values nested deeper than " + limits.maxDepth() + " levels");
      }
      StringBuilder text = new StringBuilder();
      boolean typed = false;
      Object result = null;
      while (true) {
        int event = next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          if (typed) {
            throw new XmlRpcFormatException("<value> holds more than one type at " + where());
          }
          typed = true;
          result = typed(r.getLocalName(), depth);
        } else if (isText(event)) {
          text.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (!typed) {
            return text.toString(); // untyped <value>x</value> means string
          }
          if (!text.toString().isBlank()) {
            throw new XmlRpcFormatException("text beside a typed value: '" + clip(text) + "'");
          }
          return result;
        } else if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new XmlRpcFormatException("document ends inside <value>");
        }
      }
    }

    private Object typed(String type, int depth) throws XMLStreamException {
      switch (type) {
        case "i4", "int", "i8" -> {
          String t = text().trim();
          try {
            long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : v;
          } catch (NumberFormatException e) {
            throw new XmlRpcFormatException("bad <" + type + ">: '" + clip(t) + "'");
          }
        }
        case "boolean" -> {
          String t = text().trim();
          if (t.equals("1") || t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (t.equals("0") || t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          throw new XmlRpcFormatException("bad <boolean>: '" + clip(t) + "'");
        }
        case "double" -> {
          return parseDouble(text().trim());
        }
        case "string" -> {
          return text();
        }
        case "base64" -> {
          String t = text().replaceAll("\\s", "");
          try {
            return Base64.getDecoder().decode(t);
          } catch (IllegalArgumentException e) {
            throw new XmlRpcFormatException("bad <base64>: " + e.getMessage());
          }
        }
        case "dateTime.iso8601" -> {
          String t = text().trim();
          try {
            return LocalDateTime.parse(t, t.contains("-") ? DateTimeFormatter.ISO_LOCAL_DATE_TIME : ISO8601_BASIC);
          } catch (DateTimeParseException e) {
            throw new XmlRpcFormatException("bad <dateTime.iso8601>: '" + clip(t) + "'");
          }
        }
        case "nil" -> {
          expectEnd("nil");
          return null;
        }
        case "array" -> {
          return array(depth);
        }
        case "struct" -> {
          return struct(depth);
        }
        default -> throw new XmlRpcFormatException("unknown XML-RPC type <" + type + ">");
      }
    }

    private List<Object> array(int depth) throws XMLStreamException {
      List<Object> items = new ArrayList<>();
      if (nextTag() == XMLStreamConstants.END_ELEMENT) {
        return items; // <array/> - lenient, some writers omit <data>
      }
      if (!r.getLocalName().equals("data")) {
        throw new XmlRpcFormatException("expected <data> in <array>, got <" + r.getLocalName() + ">");
      }
      while (nextTag() == XMLStreamConstants.START_ELEMENT) {
        if (!r.getLocalName().equals("value")) {
          throw new XmlRpcFormatException("unexpected <" + r.getLocalName() + "> in <data>");
        }
        items.add(value(depth + 1));
      }
      expectEnd("array");
      return items;
    }

    private Map<String, Object> struct(int depth) throws XMLStreamException {
      Map<String, Object> members = new LinkedHashMap<>();
      while (nextTag() == XMLStreamConstants.START_ELEMENT) {
        if (!r.getLocalName().equals("member")) {
          throw new XmlRpcFormatException("unexpected <" + r.getLocalName() + "> in <struct>");
        }
        String name = null;
        Object value = null;
        boolean hasValue = false;
        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
          String tag = r.getLocalName();
          if (tag.equals("name") && name == null) {
            name = text();
          } else if (tag.equals("value") && !hasValue) {
            value = value(depth + 1);
            hasValue = true;
          } else {
            throw new XmlRpcFormatException("unexpected <" + tag + "> in <member>");
          }
        }
        if (name == null || !hasValue) {
          throw new XmlRpcFormatException("<member> needs a <name> and a <value>");
        }
        members.put(name, value);
      }
      return members;
    }

    /** Text content of a simple element, up to and including its end tag. */
    String text() throws XMLStreamException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int event = next();
        if (isText(event)) {
          sb.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          return sb.toString();
        } else if (event == XMLStreamConstants.START_ELEMENT) {
          throw new XmlRpcFormatException("unexpected <" + r.getLocalName() + "> inside text");
        } else if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new XmlRpcFormatException("document ends inside an element");
        }
      }
    }

    String where() {
      return "line " + r.getLocation().getLineNumber() + " column " + r.getLocation().getColumnNumber();
    }

    void close() {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // nothing to release beyond the in-memory input
      }
    }
  }

  private static boolean isText(int event) {
    return event == XMLStreamConstants.CHARACTERS
        || event == XMLStreamConstants.CDATA
        || event == XMLStreamConstants.SPACE;
  }

  private static Double parseDouble(String t) {
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        // Refuse Java-only forms such as "1d" or hex floats that parseDouble would accept; the
        // length check keeps the regex cheap on hostile input.
        if (t.length() > 400 || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
          throw new XmlRpcFormatException("bad <double>: '" + clip(t) + "'");
        }
        return Double.parseDouble(t);
      }
    }
  }

  private static String clip(CharSequence s) {
    return s.length() <= 60 ? s.toString() : s.subSequence(0, 60) + "...";
  }
}
