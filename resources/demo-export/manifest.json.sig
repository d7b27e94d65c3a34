{"key_id":"4c3c14d67c1fc1e6","signature":"2j/j6HeT/sh96rOfnkGF+1M8lWLH/nXtWK7xMLMxv6h2wxz0+7iZw4os/wySYnltHuOQbWl3iPaQmEuTfQn4BA=="}
