package io.starling.codecs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The validator's shape of every template agrees with the schema XML, parsed independently with the SBE tool's IR:
 * same templates, block lengths, groups (header size, block length, nesting) and var-data fields (length width).
 * Adding a template, group or var-data field to the schema without teaching the validator fails here.
 */
final class FrameValidatorSchemaTest
{
    private static Ir ir;

    @BeforeAll
    static void parseSchema() throws Exception
    {
        try (InputStream in = FrameValidatorSchemaTest.class.getResourceAsStream("/sbe/starling-schema.xml"))
        {
            assertNotNull(in, "schema on the class path");
            final MessageSchema schema = XmlSchemaParser.parse(in, ParserOptions.builder().stopOnError(true).build());
            ir = new IrGenerator().generate(schema);
        }
    }

    @Test
    void schemaIdentityMatchesGeneratedCodecs()
    {
        assertEquals(ir.id(), MessageHeaderDecoder.SCHEMA_ID);
        assertEquals(ir.version(), MessageHeaderDecoder.SCHEMA_VERSION);
    }

    @Test
    void validatorKnowsExactlyTheSchemasTemplates()
    {
        final Map<Integer, String> expected = shapesFromIr();
        final int[] schemaIds = expected.keySet().stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(schemaIds, FrameValidator.knownTemplateIds());
    }

    @Test
    void everyTemplateShapeMatchesTheSchema()
    {
        for (final Map.Entry<Integer, String> entry : shapesFromIr().entrySet())
        {
            assertEquals(entry.getValue(), FrameValidator.describe(entry.getKey()), "template " + entry.getKey());
        }
    }

    @Test
    void roundTripSamplesCoverEveryProtocolTemplate()
    {
        final int[] protocolIds = shapesFromIr().keySet().stream()
            .mapToInt(Integer::intValue)
            .filter((id) -> id != FrameHeaderDecoder.TEMPLATE_ID)
            .sorted()
            .toArray();
        assertArrayEquals(protocolIds, java.util.Arrays.stream(WireSamples.PROTOCOL_TEMPLATE_IDS).sorted().toArray());
    }

    @Test
    void unknownTemplatesHaveNoShape()
    {
        assertEquals(null, FrameValidator.describe(0));
        assertEquals(null, FrameValidator.describe(65535));
    }

    /** The same description {@code FrameValidator.describe} gives, built from the IR token stream. */
    private static Map<Integer, String> shapesFromIr()
    {
        final Map<Integer, String> shapes = new TreeMap<>();
        for (final List<Token> tokens : ir.messages())
        {
            final Token begin = tokens.get(0);
            assertEquals(Signal.BEGIN_MESSAGE, begin.signal());
            shapes.put(begin.id(), describe(tokens));
        }

        return shapes;
    }

    private static String describe(final List<Token> tokens)
    {
        final Deque<Node> stack = new ArrayDeque<>();
        Node message = null;
        int i = 0;
        while (i < tokens.size())
        {
            final Token token = tokens.get(i);
            switch (token.signal())
            {
                case BEGIN_MESSAGE:
                    message = new Node(token.name(), token.id(), 0, token.encodedLength());
                    stack.push(message);
                    i++;
                    break;

                case BEGIN_GROUP:
                {
                    final Token dimensions = tokens.get(i + 1);
                    assertEquals(Signal.BEGIN_COMPOSITE, dimensions.signal());
                    final Node group = new Node(token.name(), token.id(), dimensions.encodedLength(),
                        token.encodedLength());
                    stack.peek().groups.add(group);
                    stack.push(group);
                    i += 1 + dimensions.componentTokenCount();
                    break;
                }

                case END_GROUP:
                    stack.pop();
                    i++;
                    break;

                case BEGIN_VAR_DATA:
                {
                    int lengthWidth = -1;
                    for (int j = i + 1; j < i + token.componentTokenCount(); j++)
                    {
                        if (tokens.get(j).signal() == Signal.ENCODING && "length".equals(tokens.get(j).name()))
                        {
                            lengthWidth = tokens.get(j).encodedLength();
                        }
                    }
                    stack.peek().data.add(token.name() + "(" + token.id() + "):" + lengthWidth);
                    i += token.componentTokenCount();
                    break;
                }

                case BEGIN_FIELD:
                case BEGIN_COMPOSITE:
                    i += token.componentTokenCount();
                    break;

                default:
                    i++;
                    break;
            }
        }

        return message.describe(new StringBuilder()).toString();
    }

    private static final class Node
    {
        final String name;
        final int id;
        final int headerLength;
        final int blockLength;
        final List<Node> groups = new ArrayList<>();
        final List<String> data = new ArrayList<>();

        Node(final String name, final int id, final int headerLength, final int blockLength)
        {
            this.name = name;
            this.id = id;
            this.headerLength = headerLength;
            this.blockLength = blockLength;
        }

        StringBuilder describe(final StringBuilder builder)
        {
            builder.append(name).append('(').append(id).append("){");
            if (0 != headerLength)
            {
                builder.append("header=").append(headerLength).append(',');
            }
            builder.append("block=").append(blockLength).append(",groups=[");
            for (int i = 0; i < groups.size(); i++)
            {
                if (i > 0)
                {
                    builder.append(',');
                }
                groups.get(i).describe(builder);
            }

            return builder.append("],data=[").append(String.join(",", data)).append("]}");
        }
    }
}
