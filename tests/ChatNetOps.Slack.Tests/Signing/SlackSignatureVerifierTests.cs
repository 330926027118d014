namespace ChatNetOps.Slack.Tests.Signing;

using System.Text;
using ChatNetOps.Slack.Signing;
using Microsoft.Extensions.Time.Testing;

public sealed class SlackSignatureVerifierTests
{
    // Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1531420618));

    private SlackSignatureVerifier Verifier => new(Secret, TimeSpan.FromMinutes(5), _time);

    [Fact]
    public void Verify_SlacksPublishedExample_IsValid() =>
        Assert.Equal(SignatureCheck.Valid, Verifier.Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Sign_SlacksPublishedExample_GivesSlacksSignature() =>
        Assert.Equal(Expected, Verifier.Sign(Timestamp, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_BodyChangedByOneCharacter_IsMismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, Verifier.Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body.Replace("roadrunner", "roadrunnex", StringComparison.Ordinal))));

    [Fact]
    public void Verify_SignedWithAnotherSecret_IsMismatch()
    {
        var other = new SlackSignatureVerifier("another-secret", TimeSpan.FromMinutes(5), _time).Sign(Timestamp, Encoding.UTF8.GetBytes(Body));
        Assert.Equal(SignatureCheck.Mismatch, Verifier.Verify(Timestamp, other, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_TimestampSixMinutesOld_IsStale()
    {
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(SignatureCheck.Stale, Verifier.Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_TimestampSixMinutesInTheFuture_IsStale()
    {
        var earlier = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1531420618) - TimeSpan.FromMinutes(6));
        var verifier = new SlackSignatureVerifier(Secret, TimeSpan.FromMinutes(5), earlier);
        Assert.Equal(SignatureCheck.Stale, verifier.Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_FourMinutesOld_IsStillValid()
    {
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(SignatureCheck.Valid, Verifier.Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(null, Expected)]
    [InlineData("", Expected)]
    [InlineData(Timestamp, null)]
    [InlineData(Timestamp, "")]
    public void Verify_MissingHeader_IsMissing(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, Verifier.Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData("15314206l8", Expected)]
    [InlineData("-1531420618", Expected)]
    [InlineData(Timestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData(Timestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5")]
    [InlineData(Timestamp, "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData(Timestamp, "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_MalformedHeader_IsMalformed(string timestamp, string signature) =>
        Assert.Equal(SignatureCheck.Malformed, Verifier.Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_UppercaseHex_IsAccepted() =>
        Assert.Equal(SignatureCheck.Valid, Verifier.Verify(Timestamp, "v0=" + Expected[3..].ToUpperInvariant(), Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Constructor_EmptySecret_FailsClosed()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlackSignatureVerifier(string.Empty, TimeSpan.FromMinutes(5), _time));
        Assert.Contains("Slack:SigningSecret", error.Message, StringComparison.Ordinal);
    }
}
