/**
 * The keys module's extension points: where key-encryption keys live ({@code KekStore}:
 * local or PKCS#11, chosen by configuration) and each module's sealed columns, registered
 * with the re-encryption job ({@code SealedTables}).
 */
@NamedInterface("spi")
@NullMarked
package dev.rampart.keys.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
