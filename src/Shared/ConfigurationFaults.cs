namespace ChatNetOps.Hosting;

using ChatNetOps.Core;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

/// <summary>
/// The one classification of "a start failure the operator fixes in configuration", shared by the bot, the worker (through
/// <see cref="HostRun"/>) and the CLI: a setting that names an unknown choice or leaves out a required one
/// (<see cref="ConfigurationFaultException"/>), a value the configuration binder cannot convert (<c>abc</c> for a
/// TimeSpan, <c>maybe</c> for a bool), settings that fail validation, a <c>Storage:Sqlite:Path</c> file that cannot be
/// used, an inventory that does not load, an address already in use. Each becomes plain lines naming the key and what is
/// wrong; anything else is not a configuration fault and must keep failing loudly. Compiled into each host and the CLI
/// (a linked source file).
/// </summary>
internal static class ConfigurationFaults
{
    /// <summary>The lines that explain a configuration fault, or none when <paramref name="e"/> is not one.</summary>
    public static IReadOnlyList<string> Describe(Exception e)
    {
        switch (e)
        {
            case SqliteStorageException storage:
                return [storage.Message];
            case ConfigurationFaultException fault:
                return [$"Configuration is not valid: {fault.Message}"];
            case OptionsValidationException invalid:
                return [.. invalid.Failures.Select(f => $"Configuration is not valid: {f}")];
            case InvalidOperationException { InnerException: { } conversion } when IsBinderConversion(e):
                // "Failed to convert configuration value 'abc' at 'Requests:ApprovalExpiry' to type 'System.TimeSpan'."
                // plus why ("String 'maybe' was not recognized as a valid Boolean."), which names the value when the
                // binder's own message does not.
                return [$"Configuration is not valid: {e.Message} {conversion.Message}"];
            case InventoryLoadException or InventorySourceException:
                return [$"Inventory: {e.Message}"];
            case IOException io when io.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal):
                return [$"{io.Message} Stop the other process or choose another address: `dotnet run --project src/ChatNetOps.Bot -- --urls http://127.0.0.1:PORT` (under `dotnet run` the launch profile's applicationUrl wins over ASPNETCORE_URLS unless you add --no-launch-profile)."];
            case AggregateException aggregate:
                var inner = aggregate.InnerExceptions.Select(Describe).ToList();
                return inner.All(lines => lines.Count > 0) ? [.. inner.SelectMany(lines => lines)] : [];
            default:
                return [];
        }
    }

    /// <summary>
    /// The configuration binder's "Failed to convert configuration value" (it has no exception type of its own): an
    /// <see cref="InvalidOperationException"/> thrown by <see cref="ConfigurationBinder"/> itself around the conversion
    /// error. Other binder failures (a type it cannot create) are bugs, not settings, and stay unexplained.
    /// </summary>
    private static bool IsBinderConversion(Exception e) =>
        e.TargetSite?.DeclaringType == typeof(ConfigurationBinder)
        && e.InnerException is FormatException or OverflowException or ArgumentException or NotSupportedException or InvalidCastException;
}
