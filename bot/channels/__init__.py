"""The assistant's channels, served by the Rasa server (registered in credentials.yml).

- ``web``: citizens' chat page and embeddable widget (/webhooks/web/)
- ``wechat``: WeChat official account (/webhooks/wechat/webhook)
- ``assist``: 12333 hotline agent assist API and console (/webhooks/assist/)
- ``kiosk``: self-service kiosk, speech-recognised text in, text to speak out (/webhooks/kiosk/webhook)

All of them format the same replies through ``bot.channels.format``.
"""
