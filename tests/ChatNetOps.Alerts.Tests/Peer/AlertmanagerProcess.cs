namespace ChatNetOps.Alerts.Tests.Peer;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// The real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by ci/install-alertmanager.sh) on
/// 127.0.0.1 with a free port, clustering off, its own data folder, and a webhook receiver pointing at the bot with
/// Bearer auth (docs/configuration.md §webhook_config, §http_config). Short group timings so a test sees a first
/// notification within seconds and the resolved one soon after.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, string directory, Uri api)
    {
        _process = process;
        _directory = directory;
        Api = api;
    }

    public Uri Api { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<AlertmanagerProcess> StartAsync(Uri webhook, string bearerToken, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing; run 'bash ci/install-alertmanager.sh' as root (ci/test.sh does).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "cno-alertmanager-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), bearerToken, cancellationToken);
        var config = $"""
            route:
              receiver: chatnetops
              group_by: [alertname, team]
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
            receivers:
              - name: chatnetops
                webhook_configs:
                  - url: {webhook.AbsoluteUri}
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials_file: {Path.Combine(directory, "token")}
            """;
        await File.WriteAllTextAsync(Path.Combine(directory, "alertmanager.yml"), config, cancellationToken);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + Path.Combine(directory, "alertmanager.yml"),
            "--storage.path=" + Path.Combine(directory, "data"),
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            "--cluster.listen-address=",
            "--log.level=debug",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Alertmanager did not start.");
        var alertmanager = new AlertmanagerProcess(process, directory, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        process.OutputDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.ErrorDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await alertmanager.WaitReadyAsync(cancellationToken);
        return alertmanager;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Alertmanager exited: " + Log);
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("-/ready", UriKind.Relative), deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
            }

            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, deadline.Token);
        }
    }
}
