namespace ChatNetOps.ServiceBusBroker;

using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// A request/response node such as <c>$cbs</c> or <c>{entity}/$management</c>: the client attaches a sending link to
/// the node and a receiving link whose target is its reply-to address (azure-amqp src/RequestResponseAmqpLink.cs);
/// each request is answered on the link named by its reply-to, correlated by its message-id.
/// </summary>
internal sealed class RequestResponseNode(Func<AmqpLink, AmqpMessage, AmqpMessage> handle)
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> _replyLinks = new(StringComparer.Ordinal);

    public void Attach(AmqpLink link)
    {
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(request => OnRequest(requests, request));
            requests.SetTotalLinkCredit(100, true, true);
            return;
        }

        var replies = (SendingAmqpLink)link;
        var address = (replies.Settings.Target as Target)?.Address?.ToString() ?? string.Empty;
        _replyLinks[address] = replies;
        replies.Closed += (_, _) => _replyLinks.TryRemove(address, out _);
    }

    /// <summary>A response with the status application properties the SDK reads (ManagementConstants.cs, AmqpExceptionHelper.cs).</summary>
    public static AmqpMessage Response(int status, string description, AmqpMap? body = null, AmqpSymbol? error = null)
    {
        var response = body is null ? AmqpMessage.Create() : AmqpMessage.Create(new AmqpValue { Value = body });
        response.ApplicationProperties.Map["statusCode"] = status;
        response.ApplicationProperties.Map["statusDescription"] = description;
        if (error is { } condition)
        {
            response.ApplicationProperties.Map["errorCondition"] = condition;
        }

        return response;
    }

    private void OnRequest(ReceivingAmqpLink link, AmqpMessage request)
    {
        using (request)
        {
            if (!request.Settled)
            {
                link.AcceptMessage(request, false);
            }

            var replyTo = request.Properties?.ReplyTo?.ToString();
            if (replyTo is null || !_replyLinks.TryGetValue(replyTo, out var replies))
            {
                return;
            }

            AmqpMessage response;
            try
            {
                response = handle(link, request);
            }
            catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or ArgumentException or NullReferenceException or FormatException)
            {
                response = Response(400, "Malformed request: " + e.Message, error: AmqpErrorCode.InvalidField);
            }

            response.Properties.CorrelationId = request.Properties!.MessageId;
            response.Settled = true;
            replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
        }
    }
}
