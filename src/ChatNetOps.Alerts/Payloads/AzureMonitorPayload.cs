namespace ChatNetOps.Alerts.Payloads;

/// <summary>
/// The Azure Monitor common alert schema (alerts-common-schema.md): <c>schemaId</c> and <c>data.essentials</c>; the
/// <c>alertContext</c>, which varies by monitoring service, is not read. <c>customProperties</c> become labels.
/// </summary>
internal sealed record AzureMonitorPayload
{
    public const string CommonSchemaId = "azureMonitorCommonAlertSchema";

    public string? SchemaId { get; init; }

    public AzureMonitorData? Data { get; init; }
}
