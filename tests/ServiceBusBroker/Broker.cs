namespace ChatNetOps.ServiceBusBroker;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

/// <summary>
/// A Service Bus-shaped AMQP 1.0 broker for tests, on Microsoft.Azure.Amqp's public listener API, listening on
/// 127.0.0.1 in the test process. The official SDK (Azure.Messaging.ServiceBus) connects to it with a connection
/// string with <c>UseDevelopmentEmulator=true</c> (plain AMQP on the endpoint's port;
/// src/Primitives/ServiceBusConnection.cs), or, with a TokenCredential (which the SDK only uses over TLS), to
/// <see cref="TlsEndpoint"/> as its CustomEndpointAddress, trusting <see cref="Certificate"/>. What it does, and what it follows:
/// <list type="bullet">
/// <item>SASL offers only <c>MSSBCBS</c>, the one mechanism the SDK uses (AmqpConnectionScope.cs CreateAmpqSettings).</item>
/// <item><c>$cbs</c> put-token before every link, SAS signatures and expiry checked, a wrong key refused (<see cref="CbsAuthorizer"/>).</item>
/// <item>Queues created by the test (an unknown entity is <c>amqp:not-found</c>, as MessagingEntityNotFound), each
/// with a <c>$DeadLetterQueue</c> sub-queue and a <c>$management</c> node (<see cref="BrokerQueue"/>,
/// <see cref="ManagementOperations"/>).</item>
/// </list>
/// Not modelled: sessions, topics and subscriptions, transactions, deferral, partitioning, TLS, and entity
/// management over HTTP (ServiceBusAdministrationClient).
/// </summary>
public sealed class Broker : IRuntimeProvider, IAsyncDisposable
{
    public const string KeyName = "RootManageSharedAccessKey";

    private const string ManagementSuffix = "/$management";
    private const uint BatchFormat = 0x80013700;

    private readonly ConcurrentDictionary<string, BrokerQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RequestResponseNode> _managementNodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<AmqpConnection, bool> _connections = new();
    private readonly RequestResponseNode _cbs;
    private readonly CbsAuthorizer _authorizer;
    private readonly AmqpSettings _settings;
    private AmqpTransportListener? _listener;

    private Broker(TimeProvider time)
    {
        Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _authorizer = new CbsAuthorizer(new Dictionary<string, string>(StringComparer.Ordinal) { [KeyName] = Key }, () => AcceptedJwt, time);
        _cbs = new RequestResponseNode(_authorizer.PutToken);
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        _settings = new AmqpSettings { RuntimeProvider = this };
        _settings.TransportProviders.Add(sasl);
        _settings.TransportProviders.Add(amqp);
    }

    /// <summary>The shared access key of <see cref="KeyName"/>, random per broker.</summary>
    public string Key { get; }

    public int Port { get; private set; }

    /// <summary><c>sb://127.0.0.1:{port}</c>, plain AMQP.</summary>
    public Uri Endpoint => new($"sb://127.0.0.1:{Port}");

    /// <summary><c>sb://127.0.0.1:{port}</c>, AMQP over TLS with <see cref="Certificate"/>.</summary>
    public Uri TlsEndpoint => new($"sb://127.0.0.1:{TlsPort}");

    public int TlsPort { get; private set; }

    /// <summary>The broker's self-signed TLS certificate for 127.0.0.1, made at start.</summary>
    public X509Certificate2 Certificate { get; } = SelfSignedCertificate();

    /// <summary>The only bearer token accepted as CBS type <c>jwt</c> (a test's TokenCredential hands it out); null refuses every JWT.</summary>
    public string? AcceptedJwt { get; set; }

    /// <summary>Starts listening on 127.0.0.1 on two free ports (plain and TLS). <paramref name="time"/> is the clock for token expiry (queues have their own).</summary>
    public static Broker Start(TimeProvider? time = null)
    {
        var broker = new Broker(time ?? TimeProvider.System);
        for (var attempt = 0; ; attempt++)
        {
            var (port, tlsPort) = (FreePort(), FreePort());
            try
            {
                var plain = new TcpTransportSettings { Host = "127.0.0.1", Port = port };
                var tls = new TlsTransportSettings(new TcpTransportSettings { Host = "127.0.0.1", Port = tlsPort }, false) { Certificate = broker.Certificate };
                var listener = new AmqpTransportListener([plain.CreateListener(), tls.CreateListener()], broker._settings);
                listener.Listen(broker.OnAcceptTransport);
                broker._listener = listener;
                (broker.Port, broker.TlsPort) = (port, tlsPort);
                return broker;
            }
            catch (SocketException) when (attempt < 5)
            {
                // taken between probing and binding; try another
            }
        }
    }

    /// <summary>A SAS connection string for the SDK, as the Service Bus emulator's (learn.microsoft.com/azure/service-bus-messaging/test-locally-with-service-bus-emulator).</summary>
    public string ConnectionString(string? key = null) =>
        $"Endpoint={Endpoint};SharedAccessKeyName={KeyName};SharedAccessKey={key ?? Key};UseDevelopmentEmulator=true";

    public BrokerQueue CreateQueue(string name, QueueSettings? settings = null)
    {
        var queue = new BrokerQueue(name, settings ?? new QueueSettings(), isDeadLetterQueue: false);
        if (!_queues.TryAdd(name, queue))
        {
            queue.Dispose();
            throw new InvalidOperationException($"Queue '{name}' already exists.");
        }

        _queues[queue.DeadLetterQueue!.Name] = queue.DeadLetterQueue;
        return queue;
    }

    public BrokerQueue? Find(string name) => _queues.GetValueOrDefault(name);

    public ValueTask DisposeAsync()
    {
        _listener?.Close();
        foreach (var connection in _connections.Keys)
        {
            connection.SafeClose();
        }

        foreach (var queue in _queues.Values.Where(q => q.DeadLetterQueue is not null))
        {
            queue.Dispose();
        }

        Certificate.Dispose();

        return ValueTask.CompletedTask;
    }

    AmqpConnection IConnectionFactory.CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, false, amqpSettings, connectionSettings);

    AmqpSession ISessionFactory.CreateSession(AmqpConnection connection, AmqpSessionSettings settings) =>
        throw new InvalidOperationException("Sessions are created by the connection.");

    /// <summary>Role true means the client sends (we receive): messages, or requests to a node.</summary>
    AmqpLink ILinkFactory.CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        if (settings.Role == true)
        {
            // Standard tier's maximum message size; the SDK sizes batches from it (AmqpSender.cs).
            settings.MaxMessageSize = 256 * 1024;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    IAsyncResult ILinkFactory.BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var address = link.IsReceiver ? (link.Settings.Target as Target)?.Address?.ToString() : (link.Settings.Source as Source)?.Address?.ToString();
        var path = address?.Trim('/') ?? throw new AmqpException(AmqpErrorCode.InvalidField, "The link has no address.");
        if (path == "$cbs")
        {
            _cbs.Attach(link);
            return new CompletedResult(callback, state);
        }

        if (!_authorizer.IsAuthorized(link.Session.Connection, path))
        {
            throw Errors.Unauthorized($"Unauthorized access to '{path}': put a token for it on $cbs first.");
        }

        if (path.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var entity = path[..^ManagementSuffix.Length];
            var queue = Find(entity) ?? throw Errors.NotFound(entity);
            _managementNodes.GetOrAdd(entity, _ => new RequestResponseNode((_, request) => ManagementOperations.Handle(queue, request))).Attach(link);
            return new CompletedResult(callback, state);
        }

        var target = Find(path) ?? throw Errors.NotFound(path);
        if (link is ReceivingAmqpLink incoming)
        {
            if (target.DeadLetterQueue is null)
            {
                throw new AmqpException(AmqpErrorCode.NotAllowed, "Cannot send to a dead-letter queue.");
            }

            incoming.RegisterMessageListener(message => OnMessage(incoming, target, message));
            incoming.SetTotalLinkCredit(100, true, true);
        }
        else if (link.Settings.SettleType == SettleMode.SettleOnDispose)
        {
            _ = new Consumer((SendingAmqpLink)link, target);
        }
        else
        {
            throw new AmqpException(AmqpErrorCode.NotImplemented, "Only PeekLock receivers are supported by this broker.");
        }

        return new CompletedResult(callback, state);
    }

    void ILinkFactory.EndOpenLink(IAsyncResult result)
    {
    }

    /// <summary>
    /// A sent message: accepted once stored (or dropped as a duplicate), as the SDK's send awaits (AmqpSender.cs). A batch
    /// (message format 0x80013700) carries one encoded message per data section (AmqpMessageConverter.cs BatchSBMessagesAsAmqpMessage).
    /// </summary>
    private static void OnMessage(ReceivingAmqpLink link, BrokerQueue queue, AmqpMessage message)
    {
        using (message)
        {
            List<StoredMessage> stored;
            try
            {
                stored = message.MessageFormat == BatchFormat
                    ? [.. message.DataBody.Select(d => StoredMessage.Decode((ArraySegment<byte>)d.Value))]
                    : [StoredMessage.From(message)];
            }
            catch (AmqpException e)
            {
                link.RejectMessage(message, e);
                return;
            }

            foreach (var one in stored)
            {
                queue.Enqueue(one);
            }

            link.AcceptMessage(message, false);
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async void OnAcceptTransport(TransportListener listener, TransportAsyncCallbackArgs args)
    {
        AmqpConnection? connection = null;
        try
        {
            connection = new AmqpConnection(args.Transport, (ProtocolHeader)args.UserToken, false, _settings, new AmqpConnectionSettings
            {
                ContainerId = "chatnetops-servicebus-broker",
                MaxFrameSize = 64 * 1024,
                IdleTimeOut = 4 * 60 * 1000,
            });
            _connections[connection] = true;
            connection.Closed += (sender, _) => _connections.TryRemove((AmqpConnection)sender!, out bool _);
            await connection.OpenAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is AmqpException or TimeoutException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            connection?.SafeClose(e);
        }
    }

    /// <summary>An IAsyncResult that has completed synchronously (link opens need no waiting here).</summary>
    private sealed class CompletedResult : IAsyncResult
    {
        public CompletedResult(AsyncCallback callback, object state)
        {
            AsyncState = state;
            callback(this);
        }

        public object AsyncState { get; }

        public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

        public bool CompletedSynchronously => true;

        public bool IsCompleted => true;
    }
}
