namespace ChatNetOps.Azure.ServiceBus;

using System.Diagnostics.Metrics;

/// <summary>The Azure backends' meter; Service Bus processor errors are counted by queue and error source.</summary>
internal static class ServiceBusTelemetry
{
    public const string MeterName = "ChatNetOps.Azure";

    public static Meter Meter { get; } = new(MeterName);

    /// <summary>Errors the SDK reported to ProcessErrorAsync (receive, renew-lock, settle, user callback …).</summary>
    public static Counter<long> ProcessorErrors { get; } = Meter.CreateCounter<long>("chatnetops.servicebus.processor.errors", description: "Errors reported by a Service Bus processor, by queue and error source");
}
