package dev.rampart.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 reading and writing, and cells a spreadsheet would run as formulas. */
class CsvUnitTests {

	private static List<List<String>> read(String text) {
		Csv.RecordReader reader = new Csv.RecordReader(new StringReader(text), 50);
		List<List<String>> records = new ArrayList<>();
		for (var next = reader.next(); next.isPresent(); next = reader.next()) {
			records.add(next.get());
		}
		return records;
	}

	@Test
	void readsQuotedCellsWithCommasQuotesAndLineBreaks() {
		assertThat(read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n")).containsExactly(List.of("a", "b"),
				List.of("x, y", "say \"hi\""), List.of("two\nlines", ""));
		assertThat(read("last,line")).containsExactly(List.of("last", "line"));
		assertThat(read("")).isEmpty();
	}

	@Test
	void namesTheLineOfARecordThatCannotBeRead() {
		Csv.RecordReader reader = new Csv.RecordReader(new StringReader("a\n\"b\nc\n\"\n\"d\"x\n"), 50);
		reader.next();
		assertThat(reader.next()).contains(List.of("b\nc\n"));
		assertThat(reader.line()).isEqualTo(2);
		assertThatThrownBy(reader::next).isInstanceOfSatisfying(Csv.Malformed.class,
				malformed -> assertThat(malformed.line()).isEqualTo(5));
		assertThatThrownBy(() -> read("\"open")).isInstanceOf(Csv.Malformed.class).hasMessageContaining("not closed");
		assertThatThrownBy(() -> read("\"a\"b")).hasMessageContaining("closing quote");
		assertThatThrownBy(() -> read("x".repeat(51))).hasMessageContaining("longer than 50");
	}

	@Test
	void writesCellsSafeForSpreadsheets() {
		assertThat(Csv.line(List.of("=1+1", "+x", "-y", "@z", "plain", "a,b", "q\"q")))
			.isEqualTo("'=1+1,'+x,'-y,'@z,plain,\"a,b\",\"q\"\"q\"\r\n");
		assertThat(read(Csv.line(List.of("two\nlines", "=SUM(A1)"))))
			.containsExactly(List.of("two\nlines", "'=SUM(A1)"));
	}

}
