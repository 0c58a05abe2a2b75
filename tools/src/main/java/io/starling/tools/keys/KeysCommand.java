package io.starling.tools.keys;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.starling.engine.security.KeyringControl;
import io.starling.engine.security.KeyringFile;
import io.starling.tools.stat.EngineDirectoryOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling keys list|install|use|remove|generate}: manage the keyring of a running engine the way serf and
 * Consul's {@code keys -list/-install/-use/-remove} do, through the engine directory ({@link KeyringControl}), never
 * a network port. Rotation: install the new key on every process, use it on every process, remove the old one on
 * every process. Key material is read from a file and never printed: keys are shown by fingerprint.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "List, install, use or remove encryption keys of a running engine; generate a key file.")
public final class KeysCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, install, use, remove or generate.")
    String action;

    @CommandLine.Mixin
    EngineDirectoryOptions engine;

    @Option(names = "--id", description = "Key id, 0 to 255 (install, use, remove).")
    Integer id;

    @Option(names = "--key-file", description = "File holding one key in base64 (install); written by generate.")
    File keyFile;

    @Option(names = "--timeout-ms", defaultValue = "5000",
        description = "Longest wait for the engine's answer (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        if ("generate".equals(action))
        {
            return generate(out);
        }
        final Properties request = new Properties();
        switch (action)
        {
            case "list":
                break;
            case "install":
                request.setProperty("key", readKeyFile());
                request.setProperty("id", Integer.toString(requireId()));
                break;
            case "use":
            case "remove":
                request.setProperty("id", Integer.toString(requireId()));
                break;
            default:
                throw new IllegalArgumentException("ACTION must be list, install, use, remove or generate: " + action);
        }
        request.setProperty("op", action);
        final File engineDirectory = engine.engineDirectory();
        final Properties response = KeyringControl.request(engineDirectory, request, timeoutMs);
        request.clear();

        final boolean ok = "ok".equals(response.getProperty("status"));
        if (!ok)
        {
            throw new IllegalArgumentException(response.getProperty("message", "refused"));
        }
        out.println("starling keys " + action + ": " + response.getProperty("message", "ok") + " (" +
            engineDirectory + ")");
        final String keys = response.getProperty("keys", "");
        final int primary = Integer.parseInt(response.getProperty("primary", "-1"));
        for (final String keyId : keys.isEmpty() ? new String[0] : keys.split(","))
        {
            out.println(String.format("  key %3s  sha256:%s%s", keyId, response.getProperty("fingerprint." + keyId),
                Integer.toString(primary).equals(keyId) ? "  primary" : ""));
        }
        out.flush();
        return 0;
    }

    private int requireId()
    {
        if (null == id)
        {
            throw new IllegalArgumentException("--id is required for " + action);
        }
        KeyringFile.parseKeyId("--id: ", Integer.toString(id));
        return id;
    }

    private String readKeyFile()
    {
        if (null == keyFile)
        {
            throw new IllegalArgumentException("--key-file is required for install");
        }
        final String text;
        try
        {
            text = Files.readString(keyFile.toPath(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--key-file " + keyFile + ": cannot read (" +
                ex.getClass().getSimpleName() + ")");
        }
        final byte[] key = KeyringFile.decodeKey("--key-file " + keyFile + ": ", text);
        Arrays.fill(key, (byte)0);
        return text;
    }

    private int generate(final PrintWriter out) throws IOException
    {
        if (null == keyFile)
        {
            throw new IllegalArgumentException("--key-file is required for generate (the key is never printed)");
        }
        final Path path = keyFile.toPath();
        if (Files.exists(path))
        {
            throw new IllegalArgumentException("--key-file " + keyFile + " exists; refusing to overwrite a key");
        }
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try
        {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createFile(path);
        }
        Files.writeString(path, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.UTF_8);
        out.println("starling keys generate: wrote a 256-bit key to " + keyFile + " (sha256:" +
            KeyringFile.fingerprint(key) + ")");
        Arrays.fill(key, (byte)0);
        out.flush();
        return 0;
    }
}
