package org.pyros.core.msg;

/**
 * A constant declared in a message definition ({@code TYPE NAME=VALUE}).
 *
 * @param type the builtin type of the constant
 * @param name its name
 * @param valueText the value exactly as written (string constants take the rest of the line)
 * @param value the parsed value, of {@link Primitive#javaClass()}
 */
public record Constant(Primitive type, String name, String valueText, Object value) {}
