namespace ChatNetOps.Azure.ServiceBus;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// The Service Bus namespace, identity and queues of the job, result and chat-work queues (Azure.Messaging.ServiceBus over AMQP).
/// Either <see cref="Endpoint"/> with Entra ID (a managed identity in Azure, DefaultAzureCredential locally), or a SAS
/// <see cref="ConnectionString"/> (tests, the Service Bus emulator).
/// </summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    /// <summary>The namespace, e.g. <c>https://contoso.servicebus.windows.net/</c>; its host is the fully qualified namespace.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// A SAS connection string instead of Entra ID: <c>Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…</c>, with
    /// <c>;UseDevelopmentEmulator=true</c> for the local emulator (plain AMQP). Never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Client id of the user-assigned managed identity to use (infra passes the app's); unset means DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "ServiceBus:JobsQueue is required (infra names it 'jobs').")]
    public string JobsQueue { get; set; } = "jobs";

    [Required(AllowEmptyStrings = false, ErrorMessage = "ServiceBus:ResultsQueue is required (infra names it 'results').")]
    public string ResultsQueue { get; set; } = "results";

    /// <summary>
    /// The bot's durable hand-off of acknowledged chat payloads (Slack). Only the bot uses it; its lockDuration must be
    /// at least <c>Slack:WorkLockDuration</c> (infra: 30 s, the default).
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ServiceBus:ChatWorkQueue is required (infra names it 'chat-work').")]
    public string ChatWorkQueue { get; set; } = "chat-work";

    /// <summary>
    /// Messages a consumer fetches ahead of its handlers; capped at the consumer's concurrency. Prefetched messages are
    /// locked while they wait, so the default is none (learn.microsoft.com/azure/service-bus-messaging/service-bus-prefetch).
    /// </summary>
    [Range(0, 256, ErrorMessage = "ServiceBus:PrefetchCount must be between 0 and 256.")]
    public int PrefetchCount { get; set; }

    /// <summary>Timeout of one attempt of a Service Bus operation (the SDK retries three times).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00", ErrorMessage = "ServiceBus:TryTimeout must be between 5 seconds and 5 minutes.")]
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Null when the options can connect, otherwise how to fix them.</summary>
    internal string? Problem()
    {
        if (UsesConnectionString == (Endpoint is not null))
        {
            return "Set exactly one of ServiceBus:Endpoint (https://<namespace>.servicebus.windows.net/, Entra ID) and ServiceBus:ConnectionString (SAS, for tests and the emulator).";
        }

        if (Endpoint is { } endpoint && !(endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttps))
        {
            return "ServiceBus:Endpoint must be an absolute https URI such as https://<namespace>.servicebus.windows.net/.";
        }

        if (UsesConnectionString)
        {
            try
            {
                var properties = global::Azure.Messaging.ServiceBus.ServiceBusConnectionStringProperties.Parse(ConnectionString);
                if (properties.Endpoint is null || string.IsNullOrEmpty(properties.SharedAccessKeyName + properties.SharedAccessSignature))
                {
                    return "ServiceBus:ConnectionString needs Endpoint and SharedAccessKeyName/SharedAccessKey (or SharedAccessSignature).";
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return "ServiceBus:ConnectionString is not a Service Bus connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…).";
            }
        }

        return null;
    }
}
