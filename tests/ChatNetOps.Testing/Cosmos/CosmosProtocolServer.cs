namespace ChatNetOps.Testing.Cosmos;

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

/// <summary>
/// The project's Cosmos DB protocol test server (<c>tests/cosmos-server/server.js</c>, over @vercel/cosmosdb-server) as a
/// node process on 127.0.0.1 and a free port. Its TLS certificate is issued for 127.0.0.1 by a certificate authority made
/// for this run (<see cref="CertificateAuthorityPath"/>): a process that trusts it (<c>SSL_CERT_FILE</c>) connects with
/// certificate validation on. Data is in memory; keys are not checked (<see cref="Key"/>). The server ends with this
/// object, or with the test process when that dies (its stdin closes).
/// </summary>
public sealed class CosmosProtocolServer : IDisposable
{
    /// <summary>Any base64 string: the test server does not check keys.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly ServerLog _log;

    private CosmosProtocolServer(Process process, ServerLog log, Uri endpoint, string certificateAuthorityPath, string logPath)
    {
        _process = process;
        _log = log;
        Endpoint = endpoint;
        CertificateAuthorityPath = certificateAuthorityPath;
        LogPath = logPath;
    }

    /// <summary><c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The PEM certificate of the authority that issued the server's certificate (trust it to validate TLS).</summary>
    public string CertificateAuthorityPath { get; }

    /// <summary>What the server printed (server.log in the work folder).</summary>
    public string LogPath { get; }

    /// <summary><c>tests/cosmos-server</c> of the repository these tests were built from.</summary>
    public static string PeerDirectory { get; } = Path.Combine(FindRepositoryRoot(), "tests", "cosmos-server");

    /// <summary>
    /// Installs the server's npm packages when they are missing (<c>npm ci</c>, once across concurrent test processes),
    /// writes the certificates and server.log to <paramref name="workDirectory"/> and starts the server.
    /// </summary>
    public static async Task<CosmosProtocolServer> StartAsync(string workDirectory, bool logRequests = false, CancellationToken cancellationToken = default)
    {
        await EnsureInstalledAsync(cancellationToken);
        Directory.CreateDirectory(workDirectory);
        var files = TestCertificates.Write(workDirectory);
        var logPath = Path.Combine(workDirectory, "server.log");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(PeerDirectory, "server.js"), "--port", "0", "--cert", files.Certificate, "--key", files.Key, "--exit-on-stdin-close" })
        {
            start.ArgumentList.Add(argument);
        }

        if (logRequests)
        {
            start.ArgumentList.Add("--log");
        }

        var log = new ServerLog(logPath);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => OnOutput(line.Data, log, listening);
        process.ErrorDataReceived += (_, line) => OnOutput(line.Data, log, listening: null);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The Cosmos test server exited before it listened; see {logPath}."));
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException("node did not start.");
            }
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException("The Cosmos test server needs Node.js (node on PATH): " + error.Message, error);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            return new CosmosProtocolServer(process, log, endpoint, files.Authority, logPath);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            Stop(process);
            process.Dispose();
            log.Dispose();
            throw new InvalidOperationException($"The Cosmos test server did not start: {error.Message}\n{await File.ReadAllTextAsync(logPath, CancellationToken.None)}", error);
        }
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        _log.Dispose();
    }

    private static void OnOutput(string? line, ServerLog log, TaskCompletionSource<Uri>? listening)
    {
        if (line is null)
        {
            return;
        }

        log.WriteLine(line);

        const string Prefix = "listening ";
        if (listening is not null && line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            listening.TrySetResult(new Uri(line[Prefix.Length..]));
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>
    /// <c>npm ci</c> in tests/cosmos-server when node_modules is missing or older than package-lock.json, under
    /// <c>flock</c> so test processes started together install once (ci/test.sh installs it before the tests).
    /// </summary>
    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (IsInstalled())
        {
            return;
        }

        var install = new ProcessStartInfo("flock")
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(PeerDirectory, ".install.lock"), "sh", "-c",
                     "if [ ! -d node_modules/@vercel/cosmosdb-server ] || [ package-lock.json -nt node_modules/.package-lock.json ]; " +
                     "then npm ci --no-audit --no-fund; fi",
                 })
        {
            install.ArgumentList.Add(argument);
        }

        using var process = Process.Start(install) ?? throw new InvalidOperationException("flock did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(InstallTimeout, cancellationToken);
        if (process.ExitCode != 0 || !IsInstalled())
        {
            throw new InvalidOperationException(
                $"npm ci in {PeerDirectory} failed (exit {process.ExitCode}); the Cosmos tests need its packages.\n{await output}\n{await errors}");
        }
    }

    private static bool IsInstalled()
    {
        var marker = new FileInfo(Path.Combine(PeerDirectory, "node_modules", ".package-lock.json"));
        return Directory.Exists(Path.Combine(PeerDirectory, "node_modules", "@vercel", "cosmosdb-server"))
            && marker.Exists
            && marker.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(PeerDirectory, "package-lock.json"));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatNetOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ChatNetOps.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    /// <summary>A certificate authority for one run and a server certificate it issued for 127.0.0.1 and localhost.</summary>
    private static class TestCertificates
    {
        public static (string Authority, string Certificate, string Key) Write(string directory)
        {
            var now = TimeProvider.System.GetUtcNow();
            using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var authorityRequest = new CertificateRequest(
                $"CN=ChatNetOps Cosmos test CA {Guid.NewGuid():N}", authorityKey, HashAlgorithmName.SHA256);
            authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
            using var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));

            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(names.Build());
            serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
            using var server = serverRequest.Create(authority, now.AddMinutes(-5), now.AddDays(6), RandomNumberGenerator.GetBytes(16));

            var paths = (Authority: Path.Combine(directory, "ca.pem"), Certificate: Path.Combine(directory, "server.pem"), Key: Path.Combine(directory, "server.key"));
            File.WriteAllText(paths.Authority, authority.ExportCertificatePem());
            File.WriteAllText(paths.Certificate, server.ExportCertificatePem());
            File.WriteAllText(paths.Key, serverKey.ExportPkcs8PrivateKeyPem());
            return paths;
        }
    }

    /// <summary>server.log: the server's stdout and stderr lines, written from the process' output events.</summary>
    private sealed class ServerLog(string path) : IDisposable
    {
        private readonly StreamWriter _writer = new(path, append: false, Encoding.UTF8) { AutoFlush = true };
        private readonly Lock _gate = new();
        private bool _closed;

        public void WriteLine(string line)
        {
            lock (_gate)
            {
                if (!_closed)
                {
                    _writer.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
                _writer.Dispose();
            }
        }
    }
}
