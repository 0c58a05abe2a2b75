package io.starling.tools.members;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starling.engine.api.MemberFilter;
import io.starling.engine.api.StarlingEngine;
import io.starling.engine.metrics.ControlDirectory;
import io.starling.tools.stat.EngineDirectoryOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling members --pid P [--where FILTER]}: the members a running engine's hosted node sees, selected by
 * tags and state ({@link MemberFilter}), read through the engine directory ({@link ControlDirectory}, the engine's
 * {@code members} requests) like {@code starling keys}: never a network port. It only reads.
 */
@Command(
    name = "members",
    mixinStandardHelpOptions = true,
    description = "List the members a running engine sees, filtered by tags and state (--where 'role=edge and " +
        "gpus>=1 and state=alive').")
public final class MembersCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EngineDirectoryOptions engine;

    @Option(names = "--where", defaultValue = "",
        description = "Filter: clauses joined by 'and', e.g. role=edge and gpus>=1 and state=alive (default all).")
    String where;

    @Option(names = "--node", defaultValue = "0", description = "Hosted node whose view to list (default 0).")
    int node;

    @Option(names = "--timeout-ms", defaultValue = "5000",
        description = "Longest wait for the engine's answer (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--json", description = "Also write the members as one JSON document to this file.")
    File json;

    public Integer call() throws IOException
    {
        MemberFilter.parse(where); // a bad filter is told here, before any engine is looked for
        final File engineDirectory = engine.engineDirectory();
        if (!ControlDirectory.exists(engineDirectory, StarlingEngine.MEMBERS_DIRECTORY))
        {
            throw new IllegalStateException("the engine in " + engineDirectory +
                " does not answer members requests (Context.membersControl(false))");
        }
        final Properties request = new Properties();
        request.setProperty("where", where);
        request.setProperty("node", Integer.toString(node));
        final Properties response =
            ControlDirectory.request(engineDirectory, StarlingEngine.MEMBERS_DIRECTORY, request, timeoutMs);
        if (!"ok".equals(response.getProperty("status")))
        {
            final String message = response.getProperty("message", "refused");
            throw new IllegalArgumentException(message.startsWith("node ") ? "--" + message : message);
        }

        final int count = Integer.parseInt(response.getProperty("count", "0"));
        final List<Map<String, Object>> members = new ArrayList<>();
        final PrintWriter out = spec.commandLine().getOut();
        out.println("starling members: " + count + " member(s) in the view of node " +
            response.getProperty("observer") + (where.isBlank() ? "" : " where " + where) + " (" + engineDirectory +
            ")");
        if (count > 0)
        {
            out.println(String.format("  %-11s %-14s %-21s %-16s %s", "id", "state", "address", "name", "tags"));
        }
        for (int i = 0; i < count; i++)
        {
            final String[] f = response.getProperty("member." + i, "").split("\t", -1);
            out.println(String.format("  %-11s %-14s %-21s %-16s %s", f[0], f[1], f[2], f[3], f.length > 4 ? f[4] : ""));
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", Long.parseLong(f[0]));
            m.put("state", f[1]);
            m.put("address", f[2]);
            m.put("name", f[3].isEmpty() ? null : f[3]);
            final Map<String, String> tags = new LinkedHashMap<>();
            for (final String tag : f.length > 4 && !f[4].isEmpty() ? f[4].split(",") : new String[0])
            {
                final int eq = tag.indexOf('=');
                tags.put(tag.substring(0, eq), tag.substring(eq + 1));
            }
            m.put("tags", tags);
            members.add(m);
        }
        out.flush();
        if (null != json)
        {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("engine_directory", engineDirectory.toString());
            doc.put("observer_id", Long.parseLong(response.getProperty("observer")));
            doc.put("where", where);
            doc.put("count", count);
            doc.put("members", members);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        }
        return 0;
    }
}
