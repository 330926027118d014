using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>
/// Runs the node scripts in tests/js (official adaptivecards-templating and adaptivecards packages).
/// Installs them with <c>npm ci</c> on first use when tests/js/node_modules is missing.
/// </summary>
internal static class NodePeer
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool s_installed;

    /// <summary>Expands each (name, template, data) with npm adaptivecards-templating; returns name → card or error text.</summary>
    public static async Task<Dictionary<string, (JsonNode? Card, string? Error)>> RenderAsync(
        IEnumerable<(string Name, JsonNode Template, JsonNode? Data)> jobs)
    {
        var request = new JsonObject
        {
            ["jobs"] = new JsonArray([.. jobs.Select(j => (JsonNode)new JsonObject
            {
                ["name"] = j.Name,
                ["template"] = j.Template.DeepClone(),
                ["data"] = j.Data?.DeepClone(),
            })]),
        };
        var output = await RunScriptAsync("render-cards.mjs", request);
        var results = new Dictionary<string, (JsonNode?, string?)>(StringComparer.Ordinal);
        foreach (var result in output["results"]!.AsArray())
        {
            var obj = result!.AsObject();
            results[(string)obj["name"]!] = obj.TryGetPropertyValue("error", out var error)
                ? (null, (string?)error)
                : (obj["card"]?.DeepClone(), null);
        }

        return results;
    }

    /// <summary>Parses each card with npm adaptivecards; returns name → errors.</summary>
    public static async Task<Dictionary<string, List<string>>> ValidateAsync(IEnumerable<(string Name, JsonNode Card)> cards)
    {
        var request = new JsonObject
        {
            ["cards"] = new JsonArray([.. cards.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["card"] = c.Card.DeepClone() })]),
        };
        var output = await RunScriptAsync("validate-cards.mjs", request);
        return output["results"]!.AsArray().ToDictionary(
            r => (string)r!["name"]!,
            r => r!["errors"]!.AsArray().Select(e => (string)e!).ToList(),
            StringComparer.Ordinal);
    }

    private static async Task<JsonNode> RunScriptAsync(string script, JsonNode request)
    {
        await EnsureInstalledAsync();
        var (exitCode, stdout, stderr) = await RunAsync("node", [script, "--stdin"], request.ToJsonString(), RunTimeout);
        if (stdout.Length == 0)
        {
            throw new InvalidOperationException($"node {script} exited {exitCode} with no output: {stderr}");
        }

        return JsonNode.Parse(stdout) ?? throw new InvalidOperationException($"node {script} printed JSON null.");
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }

            var modules = Path.Combine(RepoPaths.NodePeerDirectory, "node_modules");
            if (!Directory.Exists(Path.Combine(modules, "adaptivecards-templating")) || !Directory.Exists(Path.Combine(modules, "adaptivecards")))
            {
                var (exitCode, stdout, stderr) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], null, InstallTimeout);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {RepoPaths.NodePeerDirectory} failed ({exitCode}): {stdout}\n{stderr}");
                }
            }

            s_installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, string[] arguments, string? stdin, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.NodePeerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{fileName}' is not installed or not on PATH; the card tests need node and npm.", ex);
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdoutTask, await stderrTask);
    }
}
