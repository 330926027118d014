namespace ChatNetOps.Azure.ServiceBus;

using System.Net;
using ChatNetOps.Core.Health;

/// <summary>
/// /readyz: the namespace answers an authorized request for the jobs queue. It peek-locks nothing: it sends a
/// renew-lock for a lock token that cannot exist, which Service Bus answers 404 (queue there, auth fine), 410 (no
/// such queue) or 401/403 (identity lacks a role).
/// </summary>
internal sealed class ServiceBusReadinessProbe(IHttpClientFactory httpClients, IServiceBusAuthorization authorization, ServiceBusOptions options) : IReadinessProbe
{
    public string Name => "servicebus";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var root = options.Endpoint!.AbsoluteUri.TrimEnd('/') + "/";
            var probe = new Uri($"{root}{Uri.EscapeDataString(options.JobsQueue)}/messages/0/{Guid.Empty}");
            using var request = new HttpRequestMessage(HttpMethod.Post, probe);
            request.Headers.TryAddWithoutValidation("Authorization", await authorization.GetHeaderValueAsync(cancellationToken));
            using var response = await httpClients.CreateClient(ServiceBusMessageQueue<object>.HttpClientName).SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.NotFound or HttpStatusCode.OK or HttpStatusCode.BadRequest => null,
                HttpStatusCode.Gone => $"Service Bus queue '{options.JobsQueue}' does not exist",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"Service Bus refused the identity ({(int)response.StatusCode})",
                _ => $"Service Bus answered {(int)response.StatusCode}",
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or global::Azure.Identity.AuthenticationFailedException or global::Azure.Identity.CredentialUnavailableException)
        {
            return $"Service Bus at {options.Endpoint} is not reachable: {e.GetType().Name}";
        }
    }
}
