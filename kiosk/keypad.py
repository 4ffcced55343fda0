"""The on-screen keypad: kiosks have no keyboard. With JS it types into the field; without,
each key is a submit button and the server works out the new value."""

SEARCH_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROWS = ("123", "456", "789", "0")
#: Slip codes use Crockford's alphabet (no I, L, O, U).
CODE_ROWS = ("1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ")


def typed(text: str, key: str, max_length: int, lower: bool = False) -> str:
    """`text` after one tap: a letter or digit is added, "back" deletes one, "clear" all."""
    if key == "back":
        return text[:-1]
    if key == "clear":
        return ""
    if len(key) == 1 and key.isascii() and key.isalnum():
        return (text + (key.lower() if lower else key))[:max_length]
    return text
