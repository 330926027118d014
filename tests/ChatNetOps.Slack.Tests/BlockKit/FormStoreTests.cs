namespace ChatNetOps.Slack.Tests.BlockKit;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Channels;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

/// <summary>The forms behind buttons, in the shared chat state store (real SQLite; each store opened is one replica).</summary>
public sealed class FormStoreTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly SlackOptions Slack = new() { FormLifetime = TimeSpan.FromHours(2) };
    private readonly SqliteChatStateFile _file = new();

    public void Dispose() => _file.Dispose();

    public static TheoryData<string> CardsWithForms() => [.. CardCases.All().Where(c => BlockKitRenderer.Render(c.Card, c.Name).Forms.Count > 0).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CardsWithForms))]
    public async Task Form_KeptByOneReplica_IsFoundByAnother_Whole(string card)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));
        var replicaA = new FormStore(_file.Open(time), time, Options.Create(Slack));
        var replicaB = new FormStore(_file.Open(time), time, Options.Create(Slack));
        var rendering = BlockKitRenderer.Render(CardCases.All().Single(c => c.Name == card).Card, card);

        foreach (var form in rendering.Forms)
        {
            await replicaA.AddAsync(form, Ct);
        }

        foreach (var form in rendering.Forms)
        {
            var found = await replicaB.FindAsync(form.Id, Ct);
            Assert.NotNull(found);
            Assert.True(JsonNode.DeepEquals(Json(form), Json(found)), $"form {form.Id} of {card} changed on its way through the store");
        }
    }

    [Fact]
    public async Task Find_UntilTheFormLifetime_ThenNull_OnEveryReplica()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));
        var replicaA = new FormStore(_file.Open(time), time, Options.Create(Slack));
        var replicaB = new FormStore(_file.Open(time), time, Options.Create(Slack));
        var form = Form("f0000000000000000000001");
        await replicaA.AddAsync(form, Ct);

        time.Advance(Slack.FormLifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await replicaA.FindAsync(form.Id, Ct));
        Assert.NotNull(await replicaB.FindAsync(form.Id, Ct));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await replicaA.FindAsync(form.Id, Ct));
        Assert.Null(await replicaB.FindAsync(form.Id, Ct));
    }

    [Fact]
    public async Task Find_UnknownForm_ReturnsNull()
    {
        var time = new FakeTimeProvider();
        var forms = new FormStore(_file.Open(time), time, Options.Create(Slack));

        Assert.Null(await forms.FindAsync("0123456789abcdef01234567", Ct));
    }

    [Fact]
    public async Task Find_AFormThisProcessKept_IsAnsweredFromMemory_WithoutAskingTheStore()
    {
        var time = new FakeTimeProvider();
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var forms = new FormStore(store.Object, time, Options.Create(Slack));
        var form = Form("f0000000000000000000002");
        await forms.AddAsync(form, Ct);

        Assert.Same(form, await forms.FindAsync(form.Id, Ct));

        store.Verify(s => s.TryAddAsync(FormStore.KeyPrefix + form.Id, It.IsAny<string>(), time.GetUtcNow() + Slack.FormLifetime, It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Find_WhenTheStoreFails_ThrowsChatStateUnavailable_NeverAnswersGone()
    {
        var time = new FakeTimeProvider();
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("injected"));
        var forms = new FormStore(store.Object, time, Options.Create(Slack));

        var error = await Assert.ThrowsAsync<ChatStateUnavailableException>(() => forms.FindAsync("f0000000000000000000003", Ct));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    private static CardForm Form(string id) =>
        new(id, "reject", new JsonObject { ["requestId"] = "REQ-1" }, "Reject", "Reject") { UsesInputs = true };

    private static JsonNode Json(CardForm form) => JsonSerializer.SerializeToNode(form, SlackJsonContext.Default.CardForm)!;
}
