namespace ChatNetOps.Inventory.NetBox;

using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Inventory.NetBox log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // DeviceListSource
    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "{Kind} {Location}: {Devices} devices in {Pages} pages")]
    public static partial void Read(ILogger logger, string kind, string location, int devices, int pages);

    [LoggerMessage(EventId = 7998, Level = LogLevel.Debug, Message = "{Kind} {Location}: interface descriptions of {Devices} devices read ({Interfaces} interfaces)")]
    public static partial void InterfacesRead(ILogger logger, string kind, string location, int devices, int interfaces);

    [LoggerMessage(EventId = 7999, Level = LogLevel.Warning, Message = "Reading interface descriptions failed ({Reason}); the devices keep the descriptions last read")]
    public static partial void InterfacesFailed(ILogger logger, string reason);
}
