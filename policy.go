package dandang
