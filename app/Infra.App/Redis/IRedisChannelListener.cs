namespace Infra.App.Redis;

/// <summary>Receives the messages published on one Redis channel.</summary>
internal interface IRedisChannelListener
{
    string Channel { get; }

    void OnMessage(byte[] payload);

    /// <summary>Called each time the subscription is (re)established; messages sent while it was down are lost.</summary>
    void OnSubscribed();
}
