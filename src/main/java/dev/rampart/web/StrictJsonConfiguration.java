package dev.rampart.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as written: a number or a boolean where text is expected is
 * refused (Jackson would turn {@code "title": 123} into "123" without a word). With the
 * settings in application.yaml (unknown fields, fractions for whole numbers) every such
 * body is a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer noScalarsAsText() {
		return builder -> builder
			.withCoercionConfig(LogicalType.Textual,
					text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.addModule(new tools.jackson.databind.module.SimpleModule("rampart-valid-unicode")
				.addDeserializer(String.class, new ValidUnicodeStrings()));
	}

	/**
	 * Request bodies are JSON (and multipart for uploads): the CBOR, Smile, YAML and XML
	 * readers that Spring registers when their libraries are on the class path would
	 * bypass the strict reading above, so they are removed.
	 */
	@Bean
	org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer jsonBodiesOnly() {
		return builder -> builder.configureMessageConvertersList(
				converters -> converters.removeIf(converter -> converter.getSupportedMediaTypes()
					.stream()
					.map(org.springframework.http.MediaType::getSubtype)
					.anyMatch(subtype -> subtype.contains("yaml") || subtype.contains("cbor")
							|| subtype.contains("smile") || subtype.endsWith("xml"))));
	}

	/**
	 * JSON may spell a lone UTF-16 surrogate ({@code "\\uD800"}); Java keeps it,
	 * PostgreSQL and UTF-8 cannot (it would become "?", so two different passwords could
	 * hash alike). Such a string is refused as invalid input; Jackson's own rules apply
	 * to everything else.
	 */
	static final class ValidUnicodeStrings extends tools.jackson.databind.deser.jdk.StringDeserializer {

		@Override
		public String deserialize(tools.jackson.core.JsonParser parser,
				tools.jackson.databind.DeserializationContext context) {
			String value = super.deserialize(parser, context);
			if (value != null && hasLoneSurrogate(value)) {
				throw tools.jackson.databind.exc.InvalidFormatException.from(parser,
						dev.rampart.shared.TextFields.LONE_SURROGATE, "", String.class);
			}
			return value;
		}

		static boolean hasLoneSurrogate(String value) {
			return value.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
		}

	}

}
