package io.cairn.namenode.store;

/** A column family of the NameNode's store. {@link NamespaceSchema} lists every one. */
public record Table(String name) {}
