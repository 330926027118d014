namespace Microsoft.AspNetCore.Builder;

using ChatNetOps.Teams.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

public static class TeamsEndpointRouteBuilderExtensions
{
    /// <summary><c>POST /api/messages</c>: the Bot Framework endpoint Teams (through the Bot Connector) posts activities to.</summary>
    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/messages", (Func<HttpContext, Task<IResult>>)MessagesEndpoint.HandleAsync)
            .WithName("TeamsMessages")
            .DisableAntiforgery();
        return endpoints;
    }
}
