package dev.rampart.work;

import static dev.rampart.db.schema.Tables.LABELS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.LabelsRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TextFields;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * An organization's labels: its members read them, its owners and admins manage them
 * (org.update), whoever may update a task puts them on it. Names are sealed with the
 * organization's key; a blind index of the name (any case) keeps them unique without the
 * database holding the name.
 */
@Service
public class Labels {

	public static final int NAME_MAX = 50;

	private static final Pattern COLOUR = Pattern.compile("#[0-9a-f]{6}");

	private static final String LABEL = "label";

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final PlanningSettings settings;

	private final ApplicationEventPublisher events;

	Labels(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, FieldCipher cipher,
			PlanningSettings settings) {
		this.events = events;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.cipher = cipher;
		this.settings = settings;
	}

	/** The organization's labels by name. */
	public List<Label> list(Actor actor, OrgId org) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.ORG_READ, org);
			return sql.selectFrom(LABELS)
				.where(LABELS.ORG_ID.eq(org.value()))
				.fetch(this::toLabel)
				.stream()
				.sorted(Comparator.comparing((Label l) -> l.name().toLowerCase(Locale.ROOT)).thenComparing(Label::id))
				.toList();
		});
	}

	/**
	 * These labels in one statement (the labels of a page of tasks), those the actor may
	 * see.
	 */
	public Map<UUID, Label> byIds(Actor actor, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(LABELS)
					.where(LABELS.ID.in(ids))
					.fetch(this::toLabel)
					.stream()
					.collect(java.util.stream.Collectors.toMap(Label::id, l -> l)));
	}

	public Label create(Actor actor, OrgId org, String name, String colour) {
		String validName = validName(name);
		String validColour = validColour(colour);
		access.require(actor, Permission.ORG_UPDATE, org);
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			if (sql.fetchCount(LABELS, LABELS.ORG_ID.eq(org.value())) >= settings.maxLabelsPerOrganization()) {
				throw new Conflict("the organization already has " + settings.maxLabelsPerOrganization() + " labels");
			}
			requireFreeName(sql, org, null, validName);
			LabelsRecord row = unique(validName,
					() -> sql.insertInto(LABELS)
						.set(LABELS.ID, id)
						.set(LABELS.ORG_ID, org.value())
						.set(LABELS.NAME, cipher.seal(org, FieldCipher.Column.LABEL_NAME, id, validName))
						.set(LABELS.NAME_INDEX, nameIndex(org, validName))
						.set(LABELS.COLOUR, validColour)
						.set(LABELS.CREATED_BY, actor.userId().value())
						.set(LABELS.CREATED_AT, now)
						.set(LABELS.UPDATED_AT, now)
						.returning()
						.fetchSingle());
			events.publishEvent(new WorkEvent.LabelCreated(org, id));
			return toLabel(row);
		});
	}

	/** Renames or recolours a label (what is null stays). */
	public Label update(Actor actor, OrgId org, UUID label, @Nullable String name, @Nullable String colour) {
		String validName = name == null ? null : validName(name);
		String validColour = colour == null ? null : validColour(colour);
		if (validName == null && validColour == null) {
			throw new InvalidInput("body", "name at least one of name, colour");
		}
		access.require(actor, Permission.ORG_UPDATE, org);
		return db.write(DbContext.user(actor.userId()), sql -> {
			Set<String> fields = new LinkedHashSet<>();
			var update = sql.update(LABELS).set(LABELS.UPDATED_AT, Clocks.now(clock));
			if (validName != null) {
				requireFreeName(sql, org, label, validName);
				update = update.set(LABELS.NAME, cipher.seal(org, FieldCipher.Column.LABEL_NAME, label, validName))
					.set(LABELS.NAME_INDEX, nameIndex(org, validName));
				fields.add("name");
			}
			if (validColour != null) {
				update = update.set(LABELS.COLOUR, validColour);
				fields.add("colour");
			}
			var change = update;
			LabelsRecord row = unique(validName,
					() -> change.where(LABELS.ID.eq(label))
						.and(LABELS.ORG_ID.eq(org.value()))
						.returning()
						.fetchOptional()
						.orElseThrow(() -> new NotFound(LABEL)));
			events.publishEvent(new WorkEvent.LabelChanged(org, label, Set.copyOf(fields)));
			return toLabel(row);
		});
	}

	/** Deletes the label; it comes off every task. */
	public void delete(Actor actor, OrgId org, UUID label) {
		access.require(actor, Permission.ORG_UPDATE, org);
		db.write(DbContext.user(actor.userId()), sql -> {
			Database.requireChanged(
					sql.deleteFrom(LABELS).where(LABELS.ID.eq(label)).and(LABELS.ORG_ID.eq(org.value())).execute(),
					() -> new NotFound(LABEL));
			events.publishEvent(new WorkEvent.LabelDeleted(org, label));
			return null;
		});
	}

	/**
	 * A write that the unique name index may refuse when another request took the name
	 * between the check and the write: a 409, as the check would have answered.
	 */
	private static <T> T unique(@Nullable String name, java.util.function.Supplier<T> write) {
		try {
			return write.get();
		}
		catch (org.jooq.exception.IntegrityConstraintViolationException ex) {
			throw new Conflict("the organization already has a label named " + name);
		}
	}

	private void requireFreeName(DSLContext sql, OrgId org, @Nullable UUID label, String name) {
		if (sql.fetchExists(LABELS,
				LABELS.ORG_ID.eq(org.value())
					.and(LABELS.NAME_INDEX.eq(nameIndex(org, name)))
					.and(label == null ? DSL.noCondition() : LABELS.ID.ne(label)))) {
			throw new Conflict("the organization already has a label named " + name);
		}
	}

	/** Names equal in any case or Unicode form are the same label. */
	private byte[] nameIndex(OrgId org, String name) {
		return cipher.index(org, "labels.name",
				Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
	}

	private static String validName(String name) {
		return TextFields.name("name", name, NAME_MAX);
	}

	private static String validColour(String colour) {
		String lower = colour.toLowerCase(Locale.ROOT);
		if (!COLOUR.matcher(lower).matches()) {
			throw new InvalidInput("colour", "must be a colour like #1f6feb");
		}
		return lower;
	}

	private Label toLabel(LabelsRecord r) {
		OrgId org = new OrgId(r.getOrgId());
		return new Label(r.getId(), org, cipher.open(org, FieldCipher.Column.LABEL_NAME, r.getId(), r.getName()),
				r.getColour(), r.getCreatedAt(), r.getUpdatedAt());
	}

}
