package dev.rampart.ops.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The plain layout inside data.rbk (before compression and encryption): a sequence of
 * entries, each a kind byte, a name and its bytes in chunks (length, bytes; a zero length
 * ends it), so tables stream without being held in memory or counted first. Kind 0 ends
 * the archive, so a truncated one is noticed.
 */
final class ArchiveStream {

	static final byte END = 0;

	static final byte TABLE = 1;

	static final byte FILE = 2;

	private static final int CHUNK = 64 * 1024;

	private ArchiveStream() {
	}

	/** Writes entries. */
	static final class Writer {

		private final DataOutputStream out;

		Writer(OutputStream out) {
			this.out = new DataOutputStream(out);
		}

		/** Starts an entry; what is written to the returned stream is its bytes. */
		OutputStream entry(byte kind, String name) throws IOException {
			out.writeByte(kind);
			out.writeUTF(name);
			return new OutputStream() {
				private final byte[] buffer = new byte[CHUNK];

				private int filled;

				private boolean closed;

				@Override
				public void write(int b) throws IOException {
					buffer[filled++] = (byte) b;
					if (filled == CHUNK) {
						flushChunk();
					}
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					while (len > 0) {
						int n = Math.min(len, CHUNK - filled);
						System.arraycopy(b, off, buffer, filled, n);
						filled += n;
						off += n;
						len -= n;
						if (filled == CHUNK) {
							flushChunk();
						}
					}
				}

				private void flushChunk() throws IOException {
					if (filled > 0) {
						out.writeInt(filled);
						out.write(buffer, 0, filled);
						filled = 0;
					}
				}

				@Override
				public void close() throws IOException {
					if (!closed) {
						closed = true;
						flushChunk();
						out.writeInt(0);
					}
				}
			};
		}

		void end() throws IOException {
			out.writeByte(END);
			out.flush();
		}

	}

	/** Reads entries in order. */
	static final class Reader {

		private final DataInputStream in;

		Reader(InputStream in) {
			this.in = new DataInputStream(in);
		}

		/** The next entry, or null at the end. */
		Entry next() throws IOException {
			byte kind = in.readByte();
			if (kind == END) {
				return null;
			}
			if (kind != TABLE && kind != FILE) {
				throw new IOException("not a Rampart backup entry");
			}
			return new Entry(kind, in.readUTF(), new InputStream() {
				private int left;

				private boolean done;

				private boolean fill() throws IOException {
					if (done) {
						return false;
					}
					if (left == 0) {
						left = in.readInt();
						if (left < 0 || left > CHUNK) {
							throw new IOException("a backup entry's chunk is malformed");
						}
						if (left == 0) {
							done = true;
							return false;
						}
					}
					return true;
				}

				@Override
				public int read() throws IOException {
					if (!fill()) {
						return -1;
					}
					left--;
					return in.readUnsignedByte();
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					if (len == 0) {
						return 0;
					}
					if (!fill()) {
						return -1;
					}
					int n = in.read(b, off, Math.min(len, left));
					if (n < 0) {
						throw new java.io.EOFException("the backup ends inside an entry");
					}
					left -= n;
					return n;
				}

				@Override
				public void close() throws IOException {
					// Skips what the reader left, so the next entry starts where it
					// should.
					byte[] skip = new byte[8192];
					while (read(skip, 0, skip.length) >= 0) {
						// drained
					}
				}
			});
		}

	}

	/** One entry; its bytes must be read (or closed) before the next. */
	record Entry(byte kind, String name, InputStream content) {
	}

}
