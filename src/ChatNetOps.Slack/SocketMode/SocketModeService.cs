namespace ChatNetOps.Slack.SocketMode;

using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.WebApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Socket Mode: apps.connections.open with the app-level token, then one WebSocket delivering the same events,
/// interactions and slash commands the HTTP endpoints receive. Each envelope goes to the same
/// <see cref="SlackInboundHandler"/> (work on the durable queue first) and is then acknowledged (with the immediate
/// response where Slack accepts one); one that could not be queued is not acknowledged, so Slack redelivers it.
/// Reconnects on <c>disconnect</c> and on any loss, with backoff. No public URL needed.
/// </summary>
internal sealed class SocketModeService(
    IAppsApi apps,
    SlackInboundHandler handler,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SocketModeService> logger) : BackgroundService
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Signalled each time Slack's hello arrives (tests wait on it).</summary>
    public event EventHandler? Connected;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Enabled(logger, httpEnabled: true, options.Value.SocketMode, options.Value.ApiBaseUrl);
        if (!options.Value.SocketMode)
        {
            return;
        }

        var backoff = MinBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var open = await apps.OpenConnectionAsync(options.Value.AppToken!, stoppingToken);
                if (!open.IsOk || !Uri.TryCreate(open.Value!.Url, UriKind.Absolute, out var url))
                {
                    Log.SocketOpenFailed(logger, open.Error ?? "invalid_url", backoff.TotalSeconds);
                }
                else
                {
                    using var socket = new ClientWebSocket();
                    await socket.ConnectAsync(url, stoppingToken);
                    if (await RunAsync(socket, stoppingToken))
                    {
                        backoff = MinBackoff;
                        continue;
                    }

                    Log.SocketLost(logger, null, backoff.TotalSeconds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or JsonException)
            {
                Log.SocketLost(logger, e, backoff.TotalSeconds);
            }

            await Task.Delay(backoff, time, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <returns>True when Slack asked us to reconnect (a fresh URL right away); false when the socket closed.</returns>
    private async Task<bool> RunAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (socket.State == WebSocketState.Open)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                buffer.Advance(received.Count);
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            SocketEnvelope? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize(buffer.WrittenSpan, SlackJsonContext.Default.SocketEnvelope);
            }
            catch (JsonException)
            {
                Log.SocketBadFrame(logger);
                continue;
            }

            if (envelope is null)
            {
                continue;
            }

            switch (envelope.Type)
            {
                case SocketEnvelope.Hello:
                    Log.SocketConnected(logger);
                    Connected?.Invoke(this, EventArgs.Empty);
                    continue;
                case SocketEnvelope.Disconnect:
                    Log.SocketDisconnectRequested(logger, envelope.Reason ?? "-");
                    await CloseQuietlyAsync(socket);
                    return true;
            }

            if (envelope.EnvelopeId is not { Length: > 0 } envelopeId)
            {
                continue;
            }

            var (acknowledge, payload) = await HandleAsync(envelope);
            if (!acknowledge)
            {
                continue; // not acknowledged: Slack redelivers the event (or shows the user an error)
            }

            var ack = new SocketAck(envelopeId) { Payload = payload };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(ack, SlackJsonContext.Default.SocketAck);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// Hands the envelope to the shared handler: whether to acknowledge it (not when the chat state store could not be
    /// consulted, so Slack redelivers it) and the immediate response payload, if any.
    /// </summary>
    private async Task<(bool Acknowledge, JsonElement? Payload)> HandleAsync(SocketEnvelope envelope)
    {
        if (envelope.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            return (true, null);
        }

        switch (envelope.Type)
        {
            case SocketEnvelope.EventsApi:
                var events = payload.Deserialize(SlackJsonContext.Default.EventEnvelope);
                var handled = events is null
                    ? SlackAck.Accepted.Instance
                    : await handler.HandleEventAsync(events, envelope.RetryAttempt?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return (handled is not SlackAck.Unavailable, null);
            case SocketEnvelope.Interactive:
                var interaction = payload.Deserialize(SlackJsonContext.Default.InteractionPayload);
                var ack = interaction is null ? SlackAck.Accepted.Instance : await handler.HandleInteractionAsync(interaction);
                return ack switch
                {
                    SlackAck.Unavailable => (false, null),
                    SlackAck.Invalid invalid => (true, JsonSerializer.SerializeToElement(invalid.Errors, SlackJsonContext.Default.ViewSubmissionErrors)),
                    _ => (true, null),
                };
            case SocketEnvelope.SlashCommands:
                var command = SlashCommand.From(payload);
                if (command is null)
                {
                    return (true, null);
                }

                // No signature over Socket Mode: the invocation's trigger_id (unique per invocation) is its repeat key.
                return await handler.HandleCommandAsync(command, "socket:" + (command.TriggerId ?? envelope.EnvelopeId)) switch
                {
                    SlackAck.Unavailable => (false, null),
                    SlackAck.Working working => (true, JsonSerializer.SerializeToElement(working.Response, SlackJsonContext.Default.SlashCommandResponse)),
                    _ => (true, null),
                };
            default:
                return (true, null);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }
}
